"""What an import would do to the kept tables, before anything is saved: update, append or replace.

- ``update``: each row of the file replaces the row with the same key (region + option for prices); only the
  columns the file has are taken, every other cell and every other row stays as it is. Rows of the file with no
  match are listed, and added when ``append_unmatched`` is set.
- ``append``: the file's rows are added; a key already in the table is a located problem.
- ``replace``: the file becomes the whole table.

Prices the owner changes are marked as theirs and the estimated packages derived from them follow
(`pricing.tables.own_rows.with_own_prices`). The plan lists rows changed (old -> new per cell), added and
unmatched, packages moved, and every problem located in the file (row, column, value) or in the table; a plan
with a problem is never saved (`save_plan` refuses it), so an import saves everything as one version or nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

import pandas as pd

from pricing.tables.own_rows import PackageMove, with_own_prices
from pricing.tables.schema import TABLES
from pricing.tables.validation import Problem, TableCheck, check_each_table, combine_table_checks, validate_table
from store.diffing import RowChange, diff_contents
from store.errors import StoreError
from store.frames import JsonValue, conform_frame, frame_to_content, jsonable
from store.importing import CellProblem, ImportResult
from store.schema_columns import TABLE_KEYS
from store.versions import TableStore, VersionInfo

Mode = Literal["update", "append", "replace"]
MODES: tuple[Mode, ...] = ("update", "append", "replace")
MODE_HELP: dict[str, str] = {
    "update": "the file's rows replace the rows with the same key; every other row stays",
    "append": "the file's rows are added; a key already in the table is a problem",
    "replace": "the file becomes the whole table",
}


class PlanRefusedError(StoreError):
    """An import plan with problems was asked to be saved; nothing was saved."""


@dataclass(frozen=True)
class ImportPlan:
    """The tables an import would save, what changes, and its problems (none: it may be saved)."""

    table: str
    mode: Mode
    frames: dict[str, pd.DataFrame]  # each table the import changes -> its content after the import
    base_versions: dict[str, int | None]  # each of those tables -> the version the plan was made on
    changed: tuple[RowChange, ...]
    added: tuple[dict[str, JsonValue], ...]
    removed: tuple[dict[str, JsonValue], ...]
    unmatched: tuple[tuple[int, str], ...]  # (row of the file, its key as text) with no matching row, not added
    moved: tuple[PackageMove, ...]  # estimated packages that follow an own price
    file_problems: tuple[CellProblem, ...]  # located in the file: 1-based data row (0: header), column
    table_problems: tuple[Problem, ...] = field(default=())  # located in a table's rows the file did not give

    @property
    def ok(self) -> bool:
        return not self.file_problems and not self.table_problems

    @property
    def frame(self) -> pd.DataFrame:
        return self.frames[self.table]

    def problem_lines(self) -> list[str]:
        """One located line per problem: 'row 3, price_typical: expected a number, found "abc"'."""
        lines = [
            f"{f'row {p.row}' if p.row else 'header'}{f', {p.column}' if p.column else ''}: {p.message}"
            for p in self.file_problems
        ]
        return lines + [str(p) for p in self.table_problems]

    def summary(self) -> str:
        """'2 rows change, 1 added, 3 not in the table (left out), 4 packages follow your prices'."""
        parts = [f"{len(self.changed)} row(s) change", f"{len(self.added)} added"]
        if self.removed:
            parts.append(f"{len(self.removed)} removed")
        if self.unmatched:
            parts.append(f"{len(self.unmatched)} not in the table (left out)")
        if self.moved:
            parts.append(f"{len(self.moved)} estimated package(s) follow your prices")
        return ", ".join(parts)


def _key_value(value: Any) -> JsonValue:
    cell = jsonable(value)
    if isinstance(cell, float) and cell.is_integer():
        return int(cell)
    return cell.strip() if isinstance(cell, str) else cell


def _key_text(key: Sequence[JsonValue]) -> str:
    return " / ".join("(empty)" if k in (None, "") else str(k) for k in key)


def _keys(frame: pd.DataFrame, columns: tuple[str, ...]) -> list[tuple[JsonValue, ...]]:
    return [tuple(_key_value(v) for v in row) for row in frame[list(columns)].itertuples(index=False, name=None)]


def _merge(
    table: str,
    current: pd.DataFrame,
    result: ImportResult,
    mode: Mode,
    append_unmatched: bool,
) -> tuple[pd.DataFrame, list[int | None], list[tuple[int, str]], list[CellProblem]]:
    """The table after the import, the file row of each of its rows (None: a row the file did not give), the
    unmatched file rows and the problems of matching."""
    imported = result.frame.reset_index(drop=True)
    key = TABLE_KEYS[table]
    problems: list[CellProblem] = []
    if mode == "replace":
        return imported, list(range(1, len(imported) + 1)), [], problems
    if mode == "update" and not key:
        problems.append(CellProblem(0, "", f"{TABLES[table].label} has no key to match rows on: use append or replace"))
        return current, [None] * len(current), [], problems
    missing_keys = [c for c in key if c in result.report.missing_columns]
    if missing_keys:
        for column in missing_keys:
            problems.append(CellProblem(0, column, f"the key column is missing: rows are matched on {' + '.join(key)}"))
        return current, [None] * len(current), [], problems
    table_keys = _keys(current, key) if key else []
    where = {k: i for i, k in reversed(list(enumerate(table_keys)))}
    seen: dict[tuple[JsonValue, ...], int] = {}
    file_keys = _keys(imported, key) if key else [(n,) for n in range(len(imported))]
    merged = current.reset_index(drop=True).astype(object)  # cells of any kind are set below; conformed after
    matched: list[tuple[int, int]] = []  # (row of the table, row of the frame read from the file)
    origins: list[int | None] = [None] * len(merged)
    present = [c for c in imported.columns if c not in result.report.missing_columns]
    unmatched: list[tuple[int, str]] = []
    appended: list[int] = []
    for number, file_key in enumerate(file_keys, start=1):
        if key and file_key in seen:
            problems.append(
                CellProblem(number, key[0], f"{_key_text(file_key)} is also in row {seen[file_key]} of the file")
            )
            continue
        seen[file_key] = number
        at = where.get(file_key) if key else None
        if mode == "append":
            if at is not None:
                problems.append(
                    CellProblem(
                        number, key[0], f"{_key_text(file_key)} is already in the table: use update to change it"
                    )
                )
            else:
                appended.append(number - 1)
        elif at is not None:
            matched.append((at, number - 1))
            origins[at] = number
        elif append_unmatched:
            appended.append(number - 1)
        else:
            unmatched.append((number, _key_text(file_key)))
    if matched and present:
        rows, sources = zip(*matched, strict=True)
        merged.loc[list(rows), present] = imported.loc[list(sources), present].astype(object).to_numpy()
    if appended:
        merged = pd.concat([merged, imported.iloc[appended]], ignore_index=True)
        origins += [i + 1 for i in appended]
    return conform_frame(table, merged), origins, unmatched, problems


def _check(
    frames: Mapping[str, pd.DataFrame], tables: Mapping[str, pd.DataFrame], checks: Mapping[str, TableCheck] | None
) -> list[Problem]:
    """Errors of the tables with ``frames`` in place of theirs that the kept tables did not already have."""
    known_checks = dict(checks) if checks is not None else check_each_table(dict(tables))
    baseline = set(combine_table_checks(known_checks)[1])
    for name, frame in frames.items():
        known_checks[name] = validate_table(name, frame.reset_index(drop=True))
    _, problems = combine_table_checks(known_checks)
    return [p for p in problems if p.severity == "error" and (p.table in frames or p not in baseline)]


def _locate(table: str, problems: list[Problem], origins: list[int | None]) -> tuple[list[CellProblem], list[Problem]]:
    """Problems of rows that came from the file as file problems (its row); the others as they are."""
    in_file: list[CellProblem] = []
    elsewhere: list[Problem] = []
    for p in problems:
        origin = origins[p.row - 1] if p.table == table and p.row is not None and 0 < p.row <= len(origins) else None
        if origin is not None:
            in_file.append(CellProblem(origin, p.column or "", p.message))
        else:
            elsewhere.append(p)
    return in_file, elsewhere


def plan_import(
    table: str,
    result: ImportResult,
    tables: Mapping[str, pd.DataFrame],
    mode: Mode = "update",
    *,
    append_unmatched: bool = False,
    versions: Mapping[str, int] | None = None,
    checks: Mapping[str, TableCheck] | None = None,
    saved_on: date | None = None,
) -> ImportPlan:
    """What importing ``result`` into ``table`` in ``mode`` would save, checked against ``tables`` (the kept
    tables, as the store holds them; ``checks`` their `check_each_table` when known, ``versions`` their version
    numbers, kept as the versions a save starts from)."""
    if mode not in MODES:
        raise ValueError(f"unknown import mode {mode!r}; expected one of {', '.join(MODES)}")
    current = tables[table]
    merged, origins, unmatched, problems = _merge(table, current, result, mode, append_unmatched)
    frames = {table: merged}
    moved: tuple[PackageMove, ...] = ()
    if table == "prices" and "packages" in tables and not problems:
        own = with_own_prices(current, merged, tables["packages"], saved_on or date.today())
        frames = {table: conform_frame(table, own.prices)}
        moved = own.moved
        if moved:
            frames["packages"] = conform_frame("packages", own.packages)
    file_problems = list(result.report.problems) + problems
    table_problems: list[Problem] = []
    if not problems:
        located, table_problems = _locate(table, _check(frames, tables, checks), origins)
        known = {(p.row, p.column) for p in file_problems}
        file_problems += [p for p in located if (p.row, p.column) not in known]
    diff = diff_contents(frame_to_content(current), frame_to_content(frames[table]), TABLE_KEYS[table])
    return ImportPlan(
        table=table,
        mode=mode,
        frames=frames,
        base_versions={name: (versions or {}).get(name) for name in frames},
        changed=diff.changed,
        added=diff.added,
        removed=diff.removed if mode == "replace" else (),
        unmatched=tuple(unmatched),
        moved=moved,
        file_problems=tuple(sorted(file_problems, key=lambda p: (p.row, p.column))),
        table_problems=tuple(table_problems),
    )


def save_plan(
    store: TableStore, plan: ImportPlan, *, note: str = "", author: str | None = None, force: bool = False
) -> list[VersionInfo]:
    """Save every table of ``plan`` in one transaction (all or nothing); PlanRefusedError when it has problems,
    ConflictError when someone saved a newer version of one of them since the plan was made (unless ``force``)."""
    if not plan.ok:
        raise PlanRefusedError(
            f"The import has {len(plan.file_problems) + len(plan.table_problems)} problem(s); nothing was saved."
        )
    frames = {name: (frame, plan.base_versions.get(name)) for name, frame in plan.frames.items()}
    return store.save_tables(frames, note=note, author=author, force=force)


def cell_text(value: JsonValue) -> str:
    """A cell of a plan as shown: '(empty)', 1200, 1,234.5."""
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, float):
        return f"{value:.0f}" if value.is_integer() else f"{value:g}"
    return str(value)
