"""One payback, everywhere a person reads it (issue 15): the Clinic planner's headline, Real-world payback's
answer, its "Ways to pay" table and both pages' PDF reports give the same full-cost payback month for the same
inputs (the shipped defaults, and an owner's edit carried in the page's link)."""

from __future__ import annotations

import io
import re

import pytest

pytestmark = pytest.mark.browser
pypdf = pytest.importorskip("pypdf")

RF = "RF microneedling"


def _pdf_text(page, button: str = "Download report (PDF)") -> str:
    with page.expect_download() as download:
        page.get_by_role("button", name=button).click()
    data = open(download.value.path(), "rb").read()
    assert data.startswith(b"%PDF")
    return " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages)


def _planner_paybacks(page) -> list[str]:
    """The 'Full-cost payback' card values, one per device in the table's order ('18 months')."""
    page.locator("[data-testid=stMetric]").first.wait_for()
    cards = [m.inner_text().split("\n") for m in page.locator("[data-testid=stMetric]").all()]
    return [lines[-1].strip() for lines in cards if lines[0].strip() == "Full-cost payback"]


def _table_column(page, column: str) -> dict[str, str]:
    """Case -> the column's cell, read from the first data frame's accessible table."""
    grid = page.locator("[data-testid=stDataFrame]").first
    grid.locator("table thead th").filter(has_text=column).first.wait_for(state="attached")  # the grid is drawn
    headers = [h.strip() for h in grid.locator("table thead th").all_inner_texts()]
    at = headers.index(column)
    out = {}
    for row in grid.locator("table tbody tr").all():
        cells = [c.strip() for c in row.locator("td, th").all_inner_texts()]
        out[cells[headers.index("Case")]] = cells[at]
    return out


def _same_payback_everywhere(page, app_server, wait_for_app, screenshot, query: str, name: str) -> int:
    page.goto(f"{app_server}/clinic{query}")
    wait_for_app(page)
    headline = _planner_paybacks(page)[0]
    months = int(re.fullmatch(r"(\d+) months?", headline).group(1))
    screenshot(page, f"payback-{name}-planner")
    planner_pdf = _pdf_text(page)
    assert f"{months} months" in planner_pdf and "Full-cost payback" in planner_pdf

    page.get_by_role("link", name="Real-world payback").click()
    wait_for_app(page)
    answer = page.locator("[data-testid=stMarkdownContainer]").filter(has_text="At your volume").first.inner_text()
    assert f"{RF} pays back in {months} months" in answer, answer
    assert _table_column(page, "Payback (months)")[RF] == str(months)
    report = _pdf_text(page)
    assert f"{months} months" in report and RF in report

    page.get_by_text("Ways to pay", exact=True).first.click()
    wait_for_app(page)
    screenshot(page, f"payback-{name}-ways-to-pay")
    assert _table_column(page, "Payback (months)")["Loan"] == str(months)  # the devices table's own financing
    return months


def test_the_same_payback_month_on_the_defaults(app_server, page, wait_for_app, screenshot) -> None:
    assert _same_payback_everywhere(page, app_server, wait_for_app, screenshot, "", "defaults") == 18


def test_an_edit_in_the_link_moves_every_figure_alike(app_server, page, wait_for_app, screenshot) -> None:
    # Half the RF device's default volume (27 a month): a slower payback, the same on every page.
    months = _same_payback_everywhere(page, app_server, wait_for_app, screenshot,
                                      "?edits=rf_mn.sessions_per_month:14", "edited")
    assert months > 18
