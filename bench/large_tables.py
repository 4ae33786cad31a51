"""Large price tables: 6,250 regions x 8 options = 50,000 price rows, through validation, the core and every view.

The synthetic set keeps the 12 shipped regions and adds regions R00013... with their own currency
(AAA, AAB...: an fx row each), a copy of the US prices scaled to that currency, and two packages per price
(3 sessions at 12.5 % off, 6 at 17.5 %), with the provenance text of shipped rows so cells are as
long as real ones. It is checked with `pricing.tables.validate_tables` before anything is timed.
"""

from __future__ import annotations

import ast
import itertools
import os
import statistics
import string
import tempfile
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd

from bench.figures import Figure, judged, median_seconds, ms, timed
from pricing.clinic.device import DeviceInputs, device_economics
from pricing.patient.compare import compare_courses
from pricing.patient.course import PatientCosts
from pricing.tables.loading import PriceTables, load_tables, tables_from_frames
from pricing.tables.validation import validate_tables
from store import TableStore

ALL_OPTIONS = ["mn_roller", "mn_pen", "mn_prp", "rf_mn", "na_1550", "th_1927", "co2", "er_yag"]
CHANGED_TABLES = ("regions", "fx", "prices", "packages")
ROOT = Path(__file__).resolve().parents[1]
PACKAGE_DEALS = ((3, 0.125), (6, 0.175))  # (sessions, discount): the shipped estimated 3- and 6-packs


def synthetic_tables(total_regions: int = 6_250, seed: int = 11) -> dict[str, pd.DataFrame]:
    """All nine tables: the shipped ones with regions, fx, prices and packages grown to `total_regions`."""
    shipped = load_tables().as_dict()
    rng = np.random.default_rng(seed)
    extra = max(total_regions - len(shipped["regions"]), 0)
    ids = [f"R{i:05d}" for i in range(len(shipped["regions"]) + 1, len(shipped["regions"]) + 1 + extra)]
    codes = currency_codes(len(ids), taken=set(shipped["fx"]["currency"]))
    rate = rng.uniform(0.5, 2_000.0, extra).round(4)

    regions = _repeat(shipped["regions"].iloc[[0]], extra).assign(
        region_id=ids, name=[f"Synthetic region {i}" for i in ids], currency=codes, iso3="ZZZ"
    )
    fx = _repeat(shipped["fx"].loc[shipped["fx"]["currency"] == "EUR"], extra).assign(
        currency=codes, units_per_usd=rate
    )

    us_prices = shipped["prices"].loc[shipped["prices"]["region_id"] == "US"].reset_index(drop=True)
    per_region = len(us_prices)
    prices = _repeat(us_prices, extra)
    scale = np.repeat(rate * rng.uniform(0.5, 1.5, extra), per_region)
    prices = prices.assign(
        region_id=np.repeat(ids, per_region),
        currency=np.repeat(codes, per_region),
        **{c: (prices[c].to_numpy() * scale).round(2) for c in ("price_low", "price_typical", "price_high")},
    )

    template = shipped["packages"].loc[shipped["packages"]["estimate"] == "yes"].iloc[[0]]
    packages = pd.concat(
        [
            _repeat(template, len(prices)).assign(
                region_id=prices["region_id"].to_numpy(),
                option_id=prices["option_id"].to_numpy(),
                package_sessions=size,
                package_price=(prices["price_typical"].to_numpy() * size * (1 - off)).round(2),
                currency=prices["currency"].to_numpy(),
            )
            for size, off in PACKAGE_DEALS
        ],
        ignore_index=True,
    )

    grown = {"regions": regions, "fx": fx, "prices": prices, "packages": packages}
    return {
        name: pd.concat([frame, grown[name]], ignore_index=True) if name in grown else frame
        for name, frame in shipped.items()
    }


def currency_codes(count: int, taken: set[str]) -> list[str]:
    """`count` distinct 3-capital-letter codes (the validator's rule for currencies) not in `taken`."""
    letters = string.ascii_uppercase
    codes = (a + b + c for a in letters for b in letters for c in letters)
    out = list(itertools.islice((code for code in codes if code not in taken), count))
    if len(out) < count:
        raise ValueError(f"only {len(out)} currency codes are free; {count} wanted")
    return out


def _repeat(frame: pd.DataFrame, times: int) -> pd.DataFrame:
    """`frame`'s rows repeated `times` times (all rows, then all rows again...)."""
    return frame.iloc[np.tile(np.arange(len(frame)), times)].reset_index(drop=True)


def check_valid(frames: dict[str, pd.DataFrame]) -> None:
    """Raise if the synthetic set is not a valid table set."""
    _, problems = validate_tables(frames)
    if problems:
        raise ValueError(f"synthetic tables invalid: {len(problems)} problem(s), first: {problems[0]}")


def save_to_store(frames: dict[str, pd.DataFrame], store_dir: Path) -> float:
    """Save the changed tables as new versions in the SQLite store in `store_dir`; returns the seconds taken."""
    store = TableStore(f"sqlite:///{store_dir / 'store.sqlite'}")
    versions = {name: version.version_no for name, version in store.tables().items()}
    _, seconds = timed(
        lambda: [
            store.save_table(name, frames[name], base_version=versions[name], note="bench: synthetic regions")
            for name in CHANGED_TABLES
        ]
    )
    return seconds


def read_store(store_dir: Path) -> dict[str, pd.DataFrame]:
    """What the app reads before validating: the newest version of every table, as frames."""
    store = TableStore(f"sqlite:///{store_dir / 'store.sqlite'}")
    return {name: version.frame for name, version in store.tables().items()}


def view_constants(script: str) -> dict[str, int]:
    """The module-level integer constants of a view script (read from its source, not run)."""
    tree = ast.parse((ROOT / script).read_text(encoding="utf-8"))
    out = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            try:
                value = ast.literal_eval(node.value)
            except ValueError:
                continue
            if isinstance(value, int):
                out[node.targets[0].id] = value
    return out


def draws_per_region(regions: int) -> int:
    """Monte Carlo draws per region as views/regions/courses.py chooses them (DRAWS, capped by DRAW_BUDGET in all)."""
    constants = view_constants("views/regions/courses.py")
    draws = constants.get("DRAWS", 20_000)
    if "DRAW_BUDGET" in constants:
        draws = max(constants.get("MIN_DRAWS", 1), min(draws, constants["DRAW_BUDGET"] // max(regions, 1)))
    return draws


def peak_mib(work: object) -> float:
    """Peak memory traced (numpy included) while `work()` runs, in MiB."""
    tracemalloc.start()
    try:
        work()  # type: ignore[operator]
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def core_figures(tables: PriceTables, smoke: bool) -> list[Figure]:
    """The views' core calls on the big tables."""
    repeats = 1 if smoke else 3
    patient = PatientCosts("USD")
    regions = list(tables.regions["region_id"])
    compare_draws = view_constants("views/compare_treatments/layout.py").get("DRAWS", 20_000)
    draws = draws_per_region(len(regions))
    one_region = median_seconds(
        lambda: compare_courses(tables, ["US"], ALL_OPTIONS, "acne_scars", patient, draws=compare_draws), repeats
    )
    across = median_seconds(
        lambda: compare_courses(tables, regions, ["co2"], "acne_scars", patient, draws=draws), repeats
    )
    across_peak = peak_mib(lambda: compare_courses(tables, regions, ["co2"], "acne_scars", patient, draws=draws))
    devices = DeviceInputs.from_frame(tables.devices, "USD")
    device = median_seconds(lambda: device_economics(devices), repeats)
    return [
        Figure(
            "large: core, compare 8 options in one region (Compare view)",
            ms(one_region),
            "< 2 s",
            judged(smoke, one_region < 2),
        ),
        Figure(
            f"large: core, compare_courses for one option across {len(regions):,} regions, {draws:,} "
            "draws each (Regions view)",
            f"{ms(across)}, peak {across_peak:,.0f} MiB",
            "< 2 s",
            judged(smoke, across < 2),
        ),
        Figure(
            "large: core, device economics of every device (Clinic view)",
            ms(device),
            "< 2 s",
            judged(smoke, device < 2),
        ),
    ]


@contextmanager
def data_dir(folder: Path) -> Iterator[None]:
    """COSTDASH_DATA_DIR set to `folder` (and no database URL) for the block."""
    saved = {k: os.environ.get(k) for k in ("COSTDASH_DATA_DIR", "COSTDASH_DATABASE_URL")}
    os.environ["COSTDASH_DATA_DIR"] = str(folder)
    os.environ.pop("COSTDASH_DATABASE_URL", None)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def app_figures(store_dir: Path, smoke: bool) -> list[Figure]:
    """Every view through AppTest on the big store: the run with caches emptied, and reruns after a change."""
    from bench.app_reruns import VIEWS, cold_and_rerun_seconds

    out = []
    with data_dir(store_dir):
        for view in VIEWS:
            cold, reruns = cold_and_rerun_seconds(view, 1 if smoke else 3)
            rerun = statistics.median(reruns)
            out.append(
                Figure(
                    f"large: app, {view}: load + validate + compute (caches emptied) / rerun after a widget change",
                    f"{ms(cold)} / {ms(rerun)}",
                    "< 2 s per rerun",
                    judged(smoke, cold < 2 and rerun < 2),
                )
            )
    return out


def browser_figures(store_dir: Path) -> list[Figure]:
    """The Price tables view on the big store in headless Chromium: the editor opened by the server's first session
    (table validation included), then by a second session (validated tables cached), and in that session the
    reruns after filtering one region, clearing the filter and editing a cell."""
    from bench.browser import APP, EDIT_S, browser_context, editor_usability
    from bench.server import streamlit_server

    what = "large: browser, Price tables at 50,000 price rows"
    try:
        with (
            tempfile.TemporaryDirectory() as logs,
            browser_context() as context,
            streamlit_server(APP, Path(logs) / "app.log", {"COSTDASH_DATA_DIR": str(store_dir)}) as server,
        ):
            first = editor_usability(context, server.url + "/price-tables", timeout_ms=300_000, open_only=True)
            times = editor_usability(context, server.url + "/price-tables", timeout_ms=300_000)
    except Exception as exc:  # noqa: BLE001 - reported in its row; the other large figures stand
        return [Figure(what, f"failed: {type(exc).__name__}: {str(exc).splitlines()[0][:160]}", "runs", False)]

    def shown(value: float | str | None) -> str:
        return f"{value:.2f} s" if isinstance(value, float) else str(value or "n/a")

    def under(value: float | str | None, limit: float) -> bool:
        return isinstance(value, float) and value < limit

    reruns = [times.get(k) for k in ("filter", "unfilter")]
    return [
        Figure(
            f"{what}: open to the editor drawn, server's first session (validation included) / a later session",
            f"{shown(first.get('open'))} / {shown(times.get('open'))}",
            "< 3 s (a later session)",
            under(times.get("open"), 3.0),
        ),
        Figure(
            f"{what}: rerun after filtering one region / clearing the filter",
            " / ".join(shown(t) for t in reruns),
            "< 2 s per rerun",
            all(under(t, 2.0) for t in reruns),
        ),
        Figure(
            f"{what}: edit a cell to the page run again",
            shown(times.get("edit")),
            f"< {EDIT_S * 1000:.0f} ms",
            under(times.get("edit"), EDIT_S),
        ),
    ]


def run(smoke: bool) -> list[Figure]:
    """All large-table figures; smoke uses 60 regions (480 price rows) and no browser."""
    frames = synthetic_tables(60 if smoke else 6_250)
    check_valid(frames)
    rows = {name: len(frames[name]) for name in CHANGED_TABLES}
    size = ", ".join(f"{n:,} {name}" for name, n in rows.items())
    out = [Figure("large: table set (validate_tables: no problems)", size)]
    with tempfile.TemporaryDirectory() as folder:
        store_dir = Path(folder)
        saved = save_to_store(frames, store_dir)
        out.append(Figure("large: save the 4 grown tables to the SQLite store (4 new versions)", ms(saved)))
        repeats = 1 if smoke else 3
        read = median_seconds(lambda: read_store(store_dir), repeats)
        raw = read_store(store_dir)
        validate = median_seconds(lambda: tables_from_frames(raw), repeats)
        total = read + validate
        out.append(
            Figure(
                "large: load (store read) + validate (tables_from_frames)",
                f"{ms(total)} ({ms(read)} + {ms(validate)})",
                "< 2 s",
                judged(smoke, total < 2),
            )
        )
        tables = tables_from_frames(raw)
        out += core_figures(tables, smoke)
        out += app_figures(store_dir, smoke)
        if not smoke:
            out += browser_figures(store_dir)
    return out
