"""Phone cards: one card per course (an option on Compare treatments, a region on Regions) with its median total, the
P10-P90 range, sessions, downtime and, where the page has it, the pigment-change risk for the skin type.

The cards are drawn on every screen but shown only below PHONE_MAX_PX (a CSS media query): on a phone they lead the
page before any chart; on a wider screen the ranked table leads and the cards stay hidden. Every figure is read from
the page's own course rows and formatted with the helpers the tables use (ui.formatting, ui.patient_course), so a
card never computes a figure a second way.
"""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from ui.formatting import days_text, money, money_range
from ui.patient_course import sessions_text

PHONE_MAX_PX = 640  # cards show on screens narrower than this (CSS pixels)
CARD_COLUMNS = ["name", "median", "range", "sessions", "downtime", "risk", "high_risk"]

_STYLE = f"""<style>
.cd-cards {{ display: none; }}
@media (min-width: {PHONE_MAX_PX}px) {{
  [data-testid="stElementContainer"]:has(.cd-cards) {{ display: none; }}
}}
@media (max-width: {PHONE_MAX_PX - 0.02}px) {{
  ul.cd-cards {{ display: flex; flex-direction: column; gap: 0.5rem; margin: 0; padding: 0; list-style: none; }}
  .cd-card {{ border: 1px solid #c8cbd0; border-radius: 0.5rem; padding: 0.5rem 0.75rem; color: #1f2328; }}
  .cd-card p {{ margin: 0; line-height: 1.35; }}
  .cd-top {{ display: flex; justify-content: space-between; gap: 0.5rem; align-items: baseline; }}
  .cd-name {{ font-weight: 600; }}
  .cd-median {{ font-size: 1.15rem; font-weight: 700; white-space: nowrap; }}
  .cd-detail {{ font-size: 0.875rem; color: #3d4149; }}
  .cd-high {{ color: #9b1c1c; font-weight: 600; }}
}}
</style>"""


def card_rows(
    rows: pd.DataFrame,
    currency: str,
    name_column: str,
    risk: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One card per course row, in the rows' order (ranked, cheapest median first), as text.

    `rows`: course rows with `p10`, `p50`, `p90` (course totals in `currency`), `sessions_typical`, `sessions_min`,
    `sessions_max`, `downtime_days_typical` (days over the course), `option_id` and the `name_column`.
    `risk`: the page's pigment-change risk per option (`option_id`, `label`, `high_risk`), or None where the page has
    none. Returns CARD_COLUMNS: name, median ('$1,234'), range ('P10-P90 $900–1,800'), sessions ('3 (2-4)'),
    downtime ('7.5 days'), risk (its label, '' without one) and high_risk (bool).
    """
    labels: dict[str, str] = {}
    high: set[str] = set()
    if risk is not None:
        labels = dict(zip(risk["option_id"], risk["label"], strict=True))
        high = set(risk.loc[risk["high_risk"], "option_id"])
    cards = pd.DataFrame(
        {
            "name": rows[name_column].astype(str),
            "median": [money(v, currency) for v in rows["p50"]],
            "range": [f"P10-P90 {money_range(a, b, currency)}" for a, b in zip(rows["p10"], rows["p90"], strict=True)],
            "sessions": sessions_text(rows),
            "downtime": [days_text(float(d)) for d in rows["downtime_days_typical"]],
            "risk": [str(labels.get(o, "")) for o in rows["option_id"]],
            "high_risk": [o in high for o in rows["option_id"]],
        }
    )
    return cards.reset_index(drop=True)[CARD_COLUMNS]


def cards_html(cards: pd.DataFrame, label: str, risk_title: str = "Pigment-change risk") -> str:
    """The cards as an HTML list (every text escaped: names come from the editable tables) with the CSS that shows
    them only below PHONE_MAX_PX. `label` names the list for a screen reader; `risk_title` heads the risk line."""

    def esc(value: object) -> str:
        return html.escape(str(value))

    items = []
    for card in cards.itertuples(index=False):
        risk = (
            f'<p class="cd-detail{" cd-high" if card.high_risk else ""}">{esc(risk_title)}: {esc(card.risk)}</p>'
            if card.risk
            else ""
        )
        items.append(
            '<li class="cd-card">'
            f'<p class="cd-top"><span class="cd-name">{esc(card.name)}</span>'
            f'<span class="cd-median">{esc(card.median)}</span></p>'
            f'<p class="cd-detail">Median total; {esc(card.range)}</p>'
            f'<p class="cd-detail">Sessions {esc(card.sessions)} · downtime {esc(card.downtime)}</p>'
            f"{risk}</li>"
        )
    return f'{_STYLE}<ul class="cd-cards" aria-label="{esc(label)}">{"".join(items)}</ul>'


def show_cards(cards: pd.DataFrame, label: str, risk_title: str = "Pigment-change risk") -> None:
    """Draw the cards (seen on a phone only); nothing when there are none."""
    if len(cards):
        st.html(cards_html(cards, label, risk_title))
