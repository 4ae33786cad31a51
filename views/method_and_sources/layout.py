"""Method and sources: in plain words first (why a range, where prices come from, what a clinic's cost counts, how
sure a good result is), then how every figure is computed, and where the default data comes from."""

import re

import streamlit as st

from pricing.patient.uncertainty import DEFAULT_DRAWS
from ui.content import readme_section, text
from ui.data import current_tables

FORMULAS_ANCHOR = "formulas"  # the plain sections link here (#formulas) and to #data-and-sources


def plain_sections(draws: int, regions: int) -> list[tuple[str, str]]:
    """(question, answer in Markdown) of content/method_plain.md (one '## Question?' section each), in its order,
    with its figures filled in: the simulated courses per comparison ({draws}) and the regions in the tables in force
    ({regions}), so the page says what the views do."""
    filled = text("method_plain").replace("{draws}", f"{draws:,}").replace("{regions}", f"{regions:,}")
    parts = re.split(r"^## +(.+)$", filled, flags=re.MULTILINE)
    return [(question.strip(), answer.strip()) for question, answer in zip(parts[1::2], parts[2::2], strict=True)]


def render() -> None:
    """The page: the disclaimer, the plain-language answers, the README's method and data sections, and where each
    figure's source is shown."""
    st.title("Method and sources")
    st.markdown(text("disclaimer"))
    st.header("In plain words", anchor="plain-words")
    st.caption("Short answers for patients and clinic owners; the formulas follow below.")
    for question, answer in plain_sections(DEFAULT_DRAWS, len(current_tables().tables.regions)):
        st.subheader(question)
        st.markdown(answer)
    st.header("How every figure is computed", anchor=FORMULAS_ANCHOR)
    st.markdown(readme_section("How every figure is computed"))
    st.header("Data and sources", anchor="data-and-sources")
    st.markdown(readme_section("Data"))
    st.markdown(
        "Each figure's own source, year and quality tag are shown beside it in the views, and every table "
        "can be downloaded with its provenance columns from **Price tables**."
    )
