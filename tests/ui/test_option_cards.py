"""Phone cards (ui.option_cards): one card per course row with the figures of the page's own rows, and HTML that shows
names exactly as typed and only below 640 px."""

from __future__ import annotations

import re

import pandas as pd

from pricing.patient.compare import compare_courses
from pricing.patient.course import PatientCosts
from pricing.tables.loading import load_tables
from ui.formatting import days_text, money, money_range
from ui.option_cards import CARD_COLUMNS, PHONE_MAX_PX, card_rows, cards_html
from ui.patient_course import sessions_text
from views.compare_treatments.safety import pigment_risk


def _rows() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "option_id": ["mn", "co2"],
            "option_name": ["Microneedling <b>pen</b>", "Fractional CO2"],
            "p10": [600.0, 1500.4],
            "p50": [900.0, 2250.6],
            "p90": [1400.0, 3900.0],
            "sessions_typical": [4, 2],
            "sessions_min": [3, 1],
            "sessions_max": [6, 3],
            "downtime_days_typical": [8.0, 14.5],
        }
    )


def _risk() -> pd.DataFrame:
    return pd.DataFrame(
        {"option_id": ["mn", "co2"], "label": ["low · up to 2 %", "⚠ high · highest-risk class"], "high_risk": [False, True]}
    )


def test_one_card_per_row_in_order_with_the_rows_figures() -> None:
    cards = card_rows(_rows(), "USD", "option_name", _risk())
    assert list(cards.columns) == CARD_COLUMNS
    assert list(cards["name"]) == ["Microneedling <b>pen</b>", "Fractional CO2"]
    assert list(cards["median"]) == [money(900.0, "USD"), money(2250.6, "USD")]
    assert cards.loc[1, "range"] == f"P10-P90 {money_range(1500.4, 3900.0, 'USD')}"
    assert list(cards["sessions"]) == list(sessions_text(_rows()))
    assert list(cards["sessions"]) == ["4 (3-6)", "2 (1-3)"]
    assert list(cards["downtime"]) == [days_text(8.0), days_text(14.5)]
    assert list(cards["risk"]) == ["low · up to 2 %", "⚠ high · highest-risk class"]
    assert list(cards["high_risk"]) == [False, True]


def test_without_risk_the_cards_have_no_risk_line() -> None:
    cards = card_rows(_rows(), "EUR", "option_name")
    assert list(cards["risk"]) == ["", ""] and not cards["high_risk"].any()
    assert "Pigment-change risk" not in cards_html(cards, "Regions")


def test_html_escapes_names_and_hides_cards_from_640_px() -> None:
    page = cards_html(card_rows(_rows(), "USD", "option_name", _risk()), 'Options "compared"', "Risk (type V)")
    assert "Microneedling &lt;b&gt;pen&lt;/b&gt;" in page and "<b>pen</b>" not in page
    assert 'aria-label="Options &quot;compared&quot;"' in page
    assert page.count('<li class="cd-card">') == 2
    assert "Risk (type V): ⚠ high · highest-risk class" in page
    assert re.search(r"\.cd-cards \{ display: none; \}", page)  # hidden unless the phone query matches
    assert f"@media (max-width: {PHONE_MAX_PX - 0.02}px)" in page
    assert f"@media (min-width: {PHONE_MAX_PX}px)" in page


def test_cards_of_the_shipped_tables_match_the_core() -> None:
    """On the shipped tables, each card carries the core's median, range and downtime of its option, and the risk
    label Compare's table shows."""
    tables = load_tables()
    options = list(tables.options["option_id"])
    result = compare_courses(tables, ["US"], options, "acne_scars", PatientCosts("USD", 0.0, 0.0), draws=2_000)
    rows = result.rows
    risk = pigment_risk(tables, list(rows["option_id"]), "V")
    cards = card_rows(rows, "USD", "option_name", risk)
    assert len(cards) == len(rows) > 1
    for card, row in zip(cards.itertuples(), rows.itertuples(), strict=True):
        assert card.name == row.option_name
        assert card.median == money(row.p50, "USD")
        assert card.downtime == days_text(row.downtime_days_typical)
        assert card.risk == risk.set_index("option_id").loc[row.option_id, "label"]
