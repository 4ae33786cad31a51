"""The clinic report (PDF): built from the shipped defaults it reads back, with pypdf, the figures the pages show
(formatted as the planner's cards format them), the inputs, the P&L by year and the sources; odd devices give a
report that says why a figure is missing; and each page's "Download report (PDF)" button gives that PDF (AppTest).

Default devices, in the pages' order: RF microneedling (rf_mn), Fractional CO2 laser (co2), Microneedling (pen)
(mn_pen). On the shipped defaults their full-cost paybacks are 18, 32 and 2 months.
"""

from __future__ import annotations

import functools
import io
import time
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
import streamlit.testing.v1.app_test as app_test_module
from pypdf import PdfReader
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from pricing.clinic.device import DeviceInputs, LoadedCosts, device_economics
from pricing.clinic.projection import clinic_projection
from pricing.tables.loading import load_tables
from ui import clinic_report
from ui.clinic_report import (
    PDF_MIME,
    Provenance,
    ReportDevice,
    clinic_report_pdf,
    report_device,
)
from ui.formatting import irr_text, money, percent
from views.clinic_planner import key_figures

APP = str(Path(__file__).resolve().parents[2] / "app.py")
DEFAULT_DEVICES = ["rf_mn", "co2", "mn_pen"]
MADE_ON = date(2026, 12, 5)


@functools.cache
def _devices_table() -> pd.DataFrame:
    return load_tables().devices.set_index("device_id")


def _device(device_id: str, **changes: float) -> ReportDevice:
    """A devices-table row as the Clinic planner computes it (22 open days), with `changes` to its inputs."""
    row = _devices_table().loc[device_id]
    values = {**row.to_dict(), **changes}
    inputs = DeviceInputs.from_mapping(values, currency=str(row["currency"])).with_values(open_days_per_month=22.0)
    loaded = LoadedCosts.from_mapping(values)
    econ = device_economics(inputs, loaded=loaded)
    return report_device(
        str(values["name"]),
        inputs,
        loaded,
        clinic_projection(inputs, loaded=loaded),
        figures=econ.summary(),
        provenance=Provenance.of(row),
    )


def _text(pdf: bytes) -> tuple[int, str]:
    """The number of pages and all their text (pypdf), whitespace runs made single spaces."""
    reader = PdfReader(io.BytesIO(pdf))
    return len(reader.pages), " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def _planner_pdf(devices: list[ReportDevice]) -> bytes:
    return clinic_report_pdf("Clinic planner: device report", ["A test."], devices, made_on=MADE_ON)


@pytest.fixture(scope="module")
def defaults() -> list[ReportDevice]:
    return [_device(d) for d in DEFAULT_DEVICES]


@pytest.fixture(scope="module")
def default_report(defaults: list[ReportDevice]) -> tuple[int, str]:
    return _text(_planner_pdf(defaults))


def test_the_defaults_report_is_a_pdf_of_two_pages_built_well_under_a_second(defaults: list[ReportDevice]) -> None:
    _planner_pdf(defaults)  # the first build loads reportlab's fonts
    start = time.perf_counter()
    pdf = _planner_pdf(defaults)
    elapsed = time.perf_counter() - start
    assert pdf.startswith(b"%PDF-")
    pages, text = _text(pdf)
    assert pages == 2  # the report on page 1, the assumptions and their sources on page 2
    assert elapsed < 1.0, f"built in {elapsed:.2f} s"


def test_the_headline_figures_read_back_as_the_planners_cards_show_them(
    defaults: list[ReportDevice], default_report: tuple[int, str]
) -> None:
    _, text = default_report
    paybacks = []
    for d in defaults:
        s, cur = d.figures, d.currency
        paybacks.append(s["payback_months"])
        shown = [
            key_figures.payback_text(s["payback_months"]),
            key_figures.cash_payback_text(s["cash_payback_months"]),
            money(s["monthly_payment"], cur),
            money(s["full_cost_per_session"], cur, 2),
            key_figures.sessions_text(s["break_even_sessions_per_month"]),
            key_figures.sessions_text(s["break_even_sessions_per_day"], 2),
            money(s["npv"], cur),
            percent(s["roi"]),
            irr_text(s["irr_annual_pct"]),
            f"{s['min_dscr']:,.2f} (month {s['min_dscr_month']})",
        ]
        for figure in shown:
            assert figure in text, figure
    assert paybacks == [18, 32, 2]  # the shipped defaults (README, data/devices.csv)
    for label in (
        "Full-cost payback",
        "Cash out of pocket recovered",
        "Monthly payment",
        "Break-even a month",
        "Break-even per open day",
        "NPV",
        "ROI",
        "IRR (annual)",
        "Lowest DSCR",
    ):
        assert label in text
    # The pen's 48-month loan runs past its 2-year life: said in words, as on its card.
    assert "the loan runs 48 months, past the device's 24 months in use" in text


def test_the_report_formats_figures_as_the_cards_do() -> None:
    """The report's own words for a figure are the card's, for every kind of value."""
    for value in (None, 0, 1, 7, 32):
        assert clinic_report.payback_text(value) == key_figures.payback_text(value)
        assert clinic_report.cash_payback_text(value) == key_figures.cash_payback_text(value)
    for sessions, decimals in ((None, 0), (1.0, 0), (9.0, 0), (0.409091, 2)):
        assert clinic_report.sessions_text(sessions, decimals) == key_figures.sessions_text(sessions, decimals)


def test_the_inputs_pnl_and_sources_are_in_the_report(
    defaults: list[ReportDevice], default_report: tuple[int, str]
) -> None:
    _, text = default_report
    for heading in (
        "Inputs",
        "Key figures",
        "Cumulative cash (USD)",
        "Profit and loss by year",
        "Assumptions and their sources",
    ):
        assert heading in text
    # The CO2 laser's row: 150,000 USD, 10 % down, a 48-month loan at 10 %, 13 sessions a month at 950 USD.
    for figure in ("$150,000", "$15,000", "loan, 10 % APR over 48 months", "$950", "$141.67"):
        assert figure in text
    for d in defaults:
        assert d.by_year is not None
        last = d.by_year.iloc[-1]
        assert f"{last['cumulative_cash']:,.0f}" in text  # the last year's cumulative cash
        assert f"{d.by_year['revenue'].iloc[0]:,.0f}" in text
        assert d.provenance is not None
        assert d.provenance.year in text
        for source in d.provenance.sources():
            assert " ".join(source.split())[:40] in text.replace("\u2011", "-")
    assert "Changed from the table" in text and "none" in text


def test_sources_are_split_at_semicolons_and_numbered_once() -> None:
    p = Provenance(source="https://a.example/x;y=1 ; a dealer quote ; https://b.example")
    assert p.sources() == ["https://a.example/x;y=1", "a dealer quote", "https://b.example"]
    shared = Provenance(source="S1 ; S2")
    devices = [_device("rf_mn"), _device("co2")]
    devices = [ReportDevice(**{**vars(d), "provenance": shared}) for d in devices]
    _, text = _text(_planner_pdf(devices))
    assert text.count("[1] S1") == 1 and text.count("[2] S2") == 1
    assert "[1], [2]" in text


def test_inputs_changed_on_the_page_are_named() -> None:
    _, text = _text(_planner_pdf([_device("co2", sessions_per_month=20.0, commission_pct=8.0)]))
    assert "sessions a month, commission" in text


def test_a_device_without_a_figure_to_give_says_why() -> None:
    """A price under the cost of a session, more sessions than fit, no sessions: the report still builds and
    says what is missing and why, never a traceback or an infinite figure."""
    loses = _device("co2", price_per_session=100.0)
    overbooked = _device("rf_mn", sessions_per_month=400.0)
    idle = _device("mn_pen", sessions_per_month=0.0)
    pages, text = _text(_planner_pdf([loses, overbooked, idle]))
    assert pages <= 3
    assert "does not cover the variable and loaded cost of a session" in text
    assert "cannot be judged" in text and "sessions that cannot fit" in text
    assert "not within its life" in text
    assert "inf" not in text.lower().replace("information", "") and "nan" not in text.lower().split()


def test_names_as_typed_and_two_currencies() -> None:
    odd = _device("co2")
    odd = ReportDevice(**{**vars(odd), "name": "Laser <A&B> \u00e9t\u00e9"})
    rf = _device("rf_mn")
    euro = ReportDevice(
        **{**vars(rf), "name": "RF (EUR)", "inputs": DeviceInputs(**{**vars(rf.inputs), "currency": "EUR"})}
    )
    _, text = _text(_planner_pdf([odd, euro]))
    assert "Laser <A&B> \u00e9t\u00e9" in text
    assert "Cumulative cash (USD)" in text and "Cumulative cash (EUR)" in text


# ------------------------------------------------------------------ the pages' buttons (AppTest)


@pytest.fixture
def media(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[tuple[MediaFileManager, MemoryMediaFileStorage]]:
    """Each AppTest run's media file manager and its storage, to run a deferred download as a click would."""
    monkeypatch.setenv("COSTDASH_DATA_DIR", str(tmp_path))
    st.cache_resource.clear()
    made: list[tuple[MediaFileManager, MemoryMediaFileStorage]] = []

    class Recording(MediaFileManager):
        def __init__(self, storage: MemoryMediaFileStorage) -> None:
            super().__init__(storage)
            made.append((self, storage))

    monkeypatch.setattr(app_test_module, "MediaFileManager", Recording)
    return made


def _download(at: AppTest, media: list[tuple[MediaFileManager, MemoryMediaFileStorage]]) -> tuple[str, bytes]:
    """Click the page's "Download report (PDF)": the file's MIME type and bytes."""
    buttons = [b for b in at.get("download_button") if b.proto.label == clinic_report.BUTTON_LABEL]
    assert len(buttons) == 1
    manager, storage = media[-1]
    url = manager.execute_deferred(buttons[0].proto.deferred_file_id)
    stored = storage.get_file(url.rsplit("/", 1)[-1])
    return stored.mimetype, stored.content


@pytest.mark.slow
def test_the_clinic_planner_downloads_its_report(media: list[tuple[MediaFileManager, MemoryMediaFileStorage]]) -> None:
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("views/clinic_planner/page.py").run()
    assert not at.exception and not at.error
    mime, pdf = _download(at, media)
    assert mime == PDF_MIME
    _, text = _text(pdf)
    cards = {
        label: [m.value for m in at.metric if m.label == label]
        for label in ("Full-cost payback", "Cash out of pocket recovered", "NPV", "Monthly payment")
    }
    assert cards["Full-cost payback"] == ["18 months", "32 months", "2 months"]
    for values in cards.values():
        for value in values:
            assert value in text, value
    assert "Clinic planner: device report" in text and "22 open days a month" in text


@pytest.mark.slow
def test_real_world_payback_downloads_its_report(media: list[tuple[MediaFileManager, MemoryMediaFileStorage]]) -> None:
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("views/real_world_payback/page.py").run()
    assert not at.exception and not at.error
    mime, pdf = _download(at, media)
    assert mime == PDF_MIME
    _, text = _text(pdf)
    table = at.dataframe[0].value  # each device, then its reality check
    paybacks = table["Payback (months)"].tolist()
    assert len(paybacks) == 6
    assert paybacks[0::2] == [18, 32, 2]  # each device at the defaults, as on the Clinic planner
    for months in paybacks:  # the reality check of the CO2 laser has none within its life
        assert (f"{int(months)} months" if months == months else "not within its life") in text
    for case in table["Case"]:
        assert case in text
    assert "Real-world payback: device report" in text and "At your volume" in text
