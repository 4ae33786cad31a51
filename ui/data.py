"""Where the views get their tables: the kept store when it works, else the shipped defaults.

Tables are validated once per set of table versions (cached), so a rerun costs one small query
for the version numbers. If the store fails, the app keeps working on the last good tables and
says why.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

import streamlit as st

from pricing.patient.compare import CourseComparison, PreparedCourses, prepare_courses, price_courses
from pricing.patient.course import PatientCosts
from pricing.tables.loading import PriceTables, load_tables, tables_from_frames
from pricing.tables.validation import Problem, TableValidationError
from store import StoreError, TableStore, resolve_url
from ui.permissions import save_refusal

LAST_GOOD_KEY = "_last_good_tables"


@dataclass(frozen=True)
class LoadedTables:
    """The tables in force, the version of each, and a message when they are not the kept ones."""

    tables: PriceTables
    versions: dict[str, int]
    origin: str  # "store", "last good", or "shipped defaults"
    message: str | None = None
    problems: tuple[Problem, ...] = ()

    @property
    def cache_key(self) -> tuple[object, ...]:
        """What tells these tables apart in a cache: their origin, each table's version and the object itself."""
        return (self.origin, tuple(sorted(self.versions.items())), id(self.tables))


def store_url() -> str:
    """The configured store: COSTDASH_DATABASE_URL, else SQLite in COSTDASH_DATA_DIR."""
    return resolve_url().render_as_string(hide_password=False)


@st.cache_resource(show_spinner=False)
def _store_for(url: str) -> TableStore:
    """The store at ``url``, its tables seeded with the shipped defaults (not a user's save, so done before the
    write guard is set), then refusing every write ``save_refusal`` refuses (ui/permissions.py)."""
    store = TableStore(url)
    with contextlib.suppress(StoreError):  # current_tables says why when a view reads them
        store.tables()
    store.db.write_guard = save_refusal
    return store


def table_store() -> TableStore:
    """The store for this server process, one per configured URL."""
    return _store_for(store_url())


@st.cache_resource(show_spinner=False)
def shipped_tables() -> PriceTables:
    return load_tables()


@st.cache_resource(show_spinner="Checking the price tables...", max_entries=16)
def _validated_tables(url: str, versions: tuple[tuple[str, int], ...]) -> PriceTables:
    frames = {name: version.frame for name, version in table_store().tables().items()}
    return tables_from_frames(frames)


def current_tables() -> LoadedTables:
    """The tables every view uses for its figures."""
    try:
        versions = table_store().current_versions()
        if len(versions) < len(shipped_tables().as_dict()):  # a table without a version yet: seed it
            table_store().tables()
            versions = table_store().current_versions()
        tables = _validated_tables(store_url(), tuple(sorted(versions.items())))
    except StoreError as exc:
        return _fallback(f"The kept price tables cannot be read: {exc}")
    except TableValidationError as exc:
        return _fallback(
            "The kept price tables have problems, so they are not used: "
            f"{exc.problems[0]} (and {len(exc.problems) - 1} more)"
            if len(exc.problems) > 1
            else f"The kept price tables have a problem, so they are not used: {exc.problems[0]}",
            tuple(exc.problems),
        )
    loaded = LoadedTables(tables, versions, "store")
    st.session_state[LAST_GOOD_KEY] = loaded
    return loaded


def _fallback(message: str, problems: tuple[Problem, ...] = ()) -> LoadedTables:
    last: LoadedTables | None = st.session_state.get(LAST_GOOD_KEY)
    if last is not None:
        return LoadedTables(
            last.tables,
            last.versions,
            "last good",
            message + " Showing the last tables that worked in this session.",
            problems,
        )
    return LoadedTables(shipped_tables(), {}, "shipped defaults", message + " Showing the shipped defaults.", problems)


def clear_table_cache() -> None:
    """Forget validated tables (after a save in this process the version key changes anyway)."""
    _validated_tables.clear()


def show_data_status(loaded: LoadedTables) -> None:
    """A warning at the top of a view when the figures do not come from the kept tables."""
    if loaded.message:
        st.warning(loaded.message, icon=":material/warning:")


@st.cache_resource(show_spinner=False, max_entries=64)
def _prepared(
    _tables: PriceTables,
    versions_key: tuple[object, ...],
    region_ids: tuple[str, ...],
    option_ids: tuple[str, ...],
    indication_id: str,
    currency: str,
) -> PreparedCourses:
    return prepare_courses(_tables, region_ids, option_ids, indication_id, currency)


def prepared_courses(
    loaded: LoadedTables, region_ids: list[str], option_ids: list[str], indication_id: str, currency: str
) -> PreparedCourses:
    """Course rows for the choices, kept between reruns while the tables and these choices stay the same."""
    return _prepared(loaded.tables, loaded.cache_key, tuple(region_ids), tuple(option_ids), indication_id, currency)


@st.cache_data(show_spinner=False, max_entries=64)
def _priced(
    _prepared: PreparedCourses, prepared_key: tuple[object, ...], patient: tuple[str, float, float], draws: int
) -> CourseComparison:
    return price_courses(_prepared, PatientCosts(*patient), draws=draws)


def priced_courses(
    loaded: LoadedTables,
    region_ids: list[str],
    option_ids: list[str],
    indication_id: str,
    patient: PatientCosts,
    draws: int,
) -> CourseComparison:
    """`price_courses` of the prepared courses (`prepared_courses`), kept while the tables, these choices and the
    patient's costs (extras per visit and value of a day of downtime, in ``patient.currency``) stay the same: the
    Monte Carlo is seeded, so a rerun that changes only what is shown (skin type, ranking, a tab, a part of the
    page) reuses its draws instead of drawing `draws` courses per option again. Each call gets its own copy."""
    prepared = prepared_courses(loaded, region_ids, option_ids, indication_id, patient.currency)
    prepared_key = (
        *loaded.cache_key,
        tuple(region_ids),
        tuple(option_ids),
        indication_id,
    )
    costs = (patient.currency, float(patient.extras_per_visit), float(patient.daily_value_of_downtime))
    return _priced(prepared, prepared_key, costs, draws)
