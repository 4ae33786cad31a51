"""Skin type and safety: the pigment-change risk of each option for the patient's skin type, and one cautions
table for all the options compared (from the safety table, each line with its source)."""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from pricing.patient.skin_type import DARKER, HIGH_FROM_PCT, LOW_BELOW_PCT, NOT_SURE, skin_type_bands
from pricing.tables.loading import PriceTables
from ui.user_text import markdown_text

CAUTION_ROW_HEIGHT = 96  # pixels: a caution of up to four lines is read whole (taller rows wrap their text)
CAUTION_ROWS_SHOWN = 8  # rows in view before the table scrolls
HIGH_MARK = "⚠"  # marks an option that is high risk for the chosen skin type, in the table and the charts
TOPIC_TITLES = {
    "skin_type": "Pigment change (skin IV-VI)",
    "melasma": "Melasma",
    "prp": "PRP (your own blood)",
    "contraindication": "Not for / take care",
    "side_effect": "Side effects",
}
# A line about melasma or PRP (or for an option with PRP) is shown under that heading, whatever its topic in the
# table, so that a patient finds all of them together.
_HEADING_WORDS = (("melasma", re.compile(r"\bmelasma\b", re.IGNORECASE)), ("prp", re.compile(r"\bPRP\b")))


def cautions_by_option(tables: PriceTables, option_ids: list[str]) -> dict[str, list[str]]:
    """Caution sentences per option (its own first, then those for all options)."""
    safety = tables.safety
    return {o: list(safety.loc[safety["option_id"] == o, "text"]) for o in option_ids}


def skin_type_words(skin_type: str) -> str:
    """'type V', or 'if IV-VI' when the patient is not sure (the darker-skin figures are shown then)."""
    return f"if {DARKER[0]}-{DARKER[-1]}" if skin_type == NOT_SURE else f"type {skin_type}"


def for_whom(skin_type: str) -> str:
    """'for skin type V', or 'if your skin is type IV-VI' when the patient is not sure."""
    return f"if your skin is type {DARKER[0]}-{DARKER[-1]}" if skin_type == NOT_SURE else f"for skin type {skin_type}"


def risk_column(skin_type: str) -> str:
    return f"Pigment-change risk ({skin_type_words(skin_type)})"


def risk_help(skin_type: str) -> str:
    """The help of the risk column: what the band means and where it comes from."""
    return (
        f"Risk of dark patches after treatment (post-inflammatory hyperpigmentation) for skin "
        f"{skin_type_words(skin_type)}, read from studies of darker skin (Fitzpatrick IV-VI) in the safety table: "
        f"low under {LOW_BELOW_PCT:g} % of patients, moderate {LOW_BELOW_PCT:g}-{HIGH_FROM_PCT:g} %, high "
        f"{HIGH_FROM_PCT:g} % or more or named the highest-risk class; an option without a published incidence "
        "is rated as its family. Type III one step lower, I-II low. Figures and sources: the cautions table "
        f"below. {HIGH_MARK} marks high risk. Small studies, not a personal risk score: ask a clinician."
    )


FAMILY_WORDS = {"microneedling": "microneedling", "fractional_laser": "fractional lasers"}


def _figure(basis: str, pct: float, family: str) -> str:
    if basis == "class":
        return "highest-risk class"
    if basis == "figure":
        return f"up to {pct:g} %"
    if basis == "family":
        return f"no rate published; as {FAMILY_WORDS.get(family, family.replace('_', ' '))}"
    return "no figure found"


def pigment_risk(tables: PriceTables, option_ids: list[str], skin_type: str) -> pd.DataFrame:
    """Per option compared (in `option_ids` order): the core's bands (pricing.patient.skin_type) and `label`, the
    text of the risk column: '⚠ high · highest-risk class', 'moderate · up to 17 %', for type III
    'low · IV-VI: moderate'."""
    bands = skin_type_bands(tables.safety, tables.options, skin_type).set_index("option_id")
    bands = bands.loc[[o for o in option_ids if o in bands.index]]
    labels = []
    for band, darker, basis, pct, family in zip(
        bands["band"], bands["darker_band"], bands["basis"], bands["pih_pct"], bands["family"], strict=True
    ):
        if skin_type in ("I", "II"):
            detail = "the figures are for darker skin"
        elif skin_type == "III":
            detail = f"IV-VI: {darker}"
        else:
            detail = _figure(basis, pct, str(family))
        labels.append(f"{HIGH_MARK + ' ' if band == 'high' else ''}{band} · {detail}")
    return bands.assign(label=labels).reset_index()


def option_labels(rows: pd.DataFrame, risk: pd.DataFrame, skin_type: str) -> pd.Series:
    """Option names for the charts, with the mark of high risk: 'Fractional CO2 laser ⚠ high risk' (for a chosen
    skin type), '... ⚠ high risk if IV-VI' (not sure)."""
    high = set(risk.loc[risk["high_risk"], "option_id"])
    mark = f"{HIGH_MARK} high risk" + (f" {skin_type_words(skin_type)}" if skin_type == NOT_SURE else "")
    return pd.Series(
        [f"{n} {mark}" if o in high else n for o, n in zip(rows["option_id"], rows["option_name"], strict=True)],
        index=rows.index,
    )


def _heading(topic: str, text: str) -> str:
    """The heading a caution is shown under: melasma or PRP when it (its text, or the name of the one option it is
    for) speaks of them; a skin-type finding stays under pigment change."""
    if topic != "skin_type":
        for heading, words in _HEADING_WORDS:
            if words.search(text):
                return heading
    return topic


def _topic_order(topic: str) -> int:
    return list(TOPIC_TITLES).index(topic) if topic in TOPIC_TITLES else len(TOPIC_TITLES)


def cautions_table(tables: PriceTables, option_ids: list[str], names: pd.Series) -> pd.DataFrame:
    """One table of every caution for the options compared: the same sentence for several options is one line
    naming them ("All options" for the general ones); pigment-change findings first, in the options' order."""
    safety = tables.safety
    safety = safety[safety["option_id"].isin([*option_ids, "all"])].copy()
    order = {o: i for i, o in enumerate(option_ids)}
    safety["_option"] = safety["option_id"].map(order).fillna(-1)
    safety["topic"] = [
        _heading(str(t), f"{x} {names.get(o, '') if o != 'all' else ''}")
        for t, x, o in zip(safety["topic"], safety["text"], safety["option_id"], strict=True)
    ]
    safety["_topic"] = safety["topic"].map(_topic_order)
    safety = safety.sort_values(["_topic", "_option"], kind="stable")
    lines = []
    for (topic, text), group in safety.groupby(["topic", "text"], sort=False):
        ids = list(dict.fromkeys(group["option_id"]))
        applies = (
            "All options"
            if "all" in ids or len(ids) == len(option_ids) > 1
            else ", ".join(str(names.get(o, o)) for o in ids)
        )
        lines.append(
            {
                "Topic": TOPIC_TITLES.get(str(topic), str(topic).replace("_", " ").capitalize()),
                "Caution": text,
                "Applies to": applies,
                "Evidence": " ; ".join(dict.fromkeys(str(q) for q in group["quality"] if str(q))),
                "Year": " ; ".join(dict.fromkeys(str(y) for y in group["year"] if str(y))),
                "Source": " ; ".join(dict.fromkeys(str(s) for s in group["source"] if str(s))),
            }
        )
    return pd.DataFrame(lines, columns=["Topic", "Caution", "Applies to", "Evidence", "Year", "Source"])


def show_cautions(tables: PriceTables, option_ids: list[str], names: pd.Series, skin_type: str) -> None:
    """The section "Skin type and safety": one line on the chosen skin type, then the one cautions table."""
    st.markdown("#### Skin type and safety")
    risk = pigment_risk(tables, option_ids, skin_type)
    high = [markdown_text(names.get(o, o)) for o in risk.loc[risk["high_risk"], "option_id"]]
    if high:
        st.warning(
            f"High risk of dark patches {for_whom(skin_type)}: {', '.join(high)} "
            f"({HIGH_MARK} in the table and the charts). Ask a clinician whether it suits you.",
            icon=":material/warning:",
        )
    else:
        st.caption(f"None of the options compared is high risk of dark patches {for_whom(skin_type)}.")
    table = cautions_table(tables, option_ids, names)
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        key="cautions_table",
        row_height=CAUTION_ROW_HEIGHT,
        height=CAUTION_ROW_HEIGHT * min(len(table), CAUTION_ROWS_SHOWN) + 38,
        column_config={
            "Topic": st.column_config.TextColumn(width="small"),
            "Caution": st.column_config.TextColumn(width="large", help="Hover a cell to read it all."),
            "Applies to": st.column_config.TextColumn(width="medium"),
            "Source": st.column_config.TextColumn(help="Where the line comes from (hover a cell to read it all)."),
        },
    )
