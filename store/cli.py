"""`python -m store`: import, export, history and restore of the kept tables, without the browser.

    python -m store import FILE --table T [--mode update|append|replace] [--append-unmatched]
                                [--author NAME] [--note TEXT] [--dry-run] [--force]
    python -m store export --table T FILE [--version N]      (CSV or .xlsx by the extension)
    python -m store history --table T [--json]
    python -m store restore --table T --version N [--author NAME] [--note TEXT]

The same store as the app: ``COSTDASH_DATABASE_URL``, else SQLite in ``COSTDASH_DATA_DIR``. Exit codes: 0 done
(saved, or a dry run that could be saved); 2 a bad file or flag, one located line per problem on stderr, nothing
saved; 3 someone saved a newer version meanwhile (nothing saved; run again, or ``--force`` to save over it);
1 the store cannot be used (one sentence).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from sqlalchemy.exc import SQLAlchemyError

from store.errors import ConflictError, ImportRejectedError, NotFoundError, StoreError
from store.exporting import export_csv, export_xlsx
from store.import_modes import MODE_HELP, MODES, ImportPlan, cell_text, plan_import, save_plan
from store.importing import import_table
from store.schema_columns import TABLE_NAMES
from store.versions import TableStore, VersionInfo

EXIT_OK, EXIT_FAULT, EXIT_BAD_INPUT, EXIT_CONFLICT = 0, 1, 2, 3
SHOWN_CHANGES = 20  # changed rows listed on the terminal; the rest are counted


class BadInput(Exception):
    """A bad flag or file: each line of ``lines`` is printed on stderr; the exit code is 2."""

    def __init__(self, *lines: str) -> None:
        super().__init__(lines[0] if lines else "")
        self.lines = lines


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise BadInput(message)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m store", description="Import, export, history and restore of the kept tables.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    table = {"required": True, "choices": TABLE_NAMES, "help": "the table: " + ", ".join(TABLE_NAMES)}

    imp = commands.add_parser("import", help="import a CSV or .xlsx file into a table as one new version")
    imp.add_argument("file", type=Path, help="the CSV (comma, semicolon or tab) or .xlsx file")
    imp.add_argument("--table", **table)  # type: ignore[arg-type]
    imp.add_argument(
        "--mode",
        choices=MODES,
        default="update",
        help="; ".join(f"{m}: {h}" for m, h in MODE_HELP.items()) + " (default: update)",
    )
    imp.add_argument("--append-unmatched", action="store_true", help="update: add rows whose key is not there")
    imp.add_argument("--author", default="", help="your name, kept with the version and shown in the history")
    imp.add_argument("--note", default="", help="where the figures come from, kept with the version")
    imp.add_argument("--dry-run", action="store_true", help="show what would change and save nothing")
    imp.add_argument("--force", action="store_true", help="save even if someone saved a newer version meanwhile")

    exp = commands.add_parser("export", help="write a table to a CSV or .xlsx file (by the extension)")
    exp.add_argument("--table", **table)  # type: ignore[arg-type]
    exp.add_argument("file", type=Path, help="where to write: NAME.csv or NAME.xlsx")
    exp.add_argument("--version", type=int, default=None, help="a version from the history (default: current)")

    his = commands.add_parser("history", help="the versions of a table, newest first, with who and why")
    his.add_argument("--table", **table)  # type: ignore[arg-type]
    his.add_argument("--json", action="store_true", help="print JSON instead of a table")

    res = commands.add_parser("restore", help="save an earlier version's content as a new version")
    res.add_argument("--table", **table)  # type: ignore[arg-type]
    res.add_argument("--version", type=int, required=True, help="the version to restore")
    res.add_argument("--author", default="", help="your name, kept with the version")
    res.add_argument("--note", default=None, help="kept with the version (default: 'restored version N')")
    return parser


def _read_file(path: Path) -> bytes:
    """The bytes of a regular file (never a pipe or device, which could block or never end)."""
    if not path.is_file():
        raise BadInput(f"{path}: {'not a regular file' if path.exists() else 'no such file'}")
    try:
        with path.open("rb") as handle:
            return handle.read(64 * 1024 * 1024)  # import_table refuses anything over its own, smaller limit
    except OSError as error:
        raise BadInput(f"{path}: cannot be read ({error.strerror or error})") from None


def _plan_lines(plan: ImportPlan) -> list[str]:
    lines = [f"{plan.mode}: {plan.summary()}."]
    for change in plan.changed[:SHOWN_CHANGES]:
        cells = "; ".join(f"{c.column} {cell_text(c.old)} -> {cell_text(c.new)}" for c in change.cells)
        lines.append(f"  changed {' / '.join(cell_text(k) for k in change.key)}: {cells}")
    if len(plan.changed) > SHOWN_CHANGES:
        lines.append(f"  ... and {len(plan.changed) - SHOWN_CHANGES} more changed rows")
    lines += [f"  added {' / '.join(cell_text(row.get(k)) for k in plan.frame.columns[:2])}" for row in plan.added]
    lines += [f"  not in the table (left out): row {n}, {key}" for n, key in plan.unmatched]
    lines += [
        f"  package follows your price: {m.region_id} / {m.option_id} / {m.package_sessions} sessions "
        f"{m.old_price:,.2f} -> {m.new_price:,.2f} {m.currency}"
        for m in plan.moved
    ]
    return lines


def _saved_line(infos: Sequence[VersionInfo]) -> str:
    return "Saved " + " and ".join(f"version {i.version_no} of {i.table}" for i in infos) + "."


def run_import(args: argparse.Namespace, store: TableStore) -> int:
    data = _read_file(args.file)
    versions = store.tables()
    tables = {name: version.frame for name, version in versions.items()}
    try:
        result = import_table(args.table, data, references=tables)
    except ImportRejectedError as error:
        raise BadInput(f"{args.file}: {error}") from None
    plan = plan_import(
        args.table,
        result,
        tables,
        args.mode,
        append_unmatched=args.append_unmatched,
        versions={name: version.version_no for name, version in versions.items()},
    )
    if not plan.ok:
        raise BadInput(*(f"{args.file}: {line}" for line in plan.problem_lines()))
    print(result.report.messages()[0])
    for line in _plan_lines(plan):
        print(line)
    if args.dry_run:
        print("Dry run: nothing saved.")
        return EXIT_OK
    print(_saved_line(save_plan(store, plan, note=args.note, author=args.author, force=args.force)))
    return EXIT_OK


def run_export(args: argparse.Namespace, store: TableStore) -> int:
    suffix = args.file.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise BadInput(f"{args.file}: the file name must end in .csv or .xlsx")
    try:
        version = store.get_version(args.table, args.version) if args.version else store.current(args.table)
    except NotFoundError as error:
        raise BadInput(f"--version: {error}") from None
    data = export_csv(version.frame) if suffix == ".csv" else export_xlsx(version.frame, sheet_name=args.table)
    try:
        args.file.write_bytes(data)
    except OSError as error:
        raise BadInput(f"{args.file}: cannot be written ({error.strerror or error})") from None
    print(f"Wrote version {version.version_no} of {args.table} ({len(version.frame)} rows) to {args.file}.")
    return EXIT_OK


def _history_record(info: VersionInfo) -> dict[str, object]:
    return {
        "version": info.version_no,
        "saved_at": info.saved_at.isoformat(),
        "author": info.author,
        "note": info.note,
        "action": info.action,
        "source_version": info.source_version,
        "rows": info.row_count,
        "added": info.rows_added,
        "changed": info.rows_changed,
        "removed": info.rows_removed,
    }


def run_history(args: argparse.Namespace, store: TableStore) -> int:
    infos = store.history(args.table)
    if args.json:
        print(json.dumps([_history_record(i) for i in infos], ensure_ascii=False))
        return EXIT_OK
    print(f"{'version':>7}  {'saved (UTC)':16}  {'author':20}  {'action':8}  {'rows':>5}  +/~/-  note")
    for i in infos:
        counts = f"{i.rows_added}/{i.rows_changed}/{i.rows_removed}"
        author = (i.author or "(no name given)")[:20]
        saved = i.saved_at.strftime("%Y-%m-%d %H:%M")
        print(f"{i.version_no:>7}  {saved:16}  {author:20}  {i.action:8}  {i.row_count:>5}  {counts}  {i.note}")
    return EXIT_OK


def run_restore(args: argparse.Namespace, store: TableStore) -> int:
    try:
        info = store.restore(args.table, args.version, note=args.note, author=args.author)
    except NotFoundError as error:
        raise BadInput(f"--version: {error}") from None
    print(f"Restored version {args.version} of {args.table} as version {info.version_no}.")
    return EXIT_OK


COMMANDS = {"import": run_import, "export": run_export, "history": run_history, "restore": run_restore}


def main(argv: Sequence[str] | None = None, store: TableStore | None = None) -> int:
    """Run the command line; returns the exit code (see the module docstring)."""
    try:
        args = build_parser().parse_args(argv)
        return COMMANDS[args.command](args, store if store is not None else TableStore())
    except BadInput as error:
        for line in error.lines:
            print(f"error: {line}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except ConflictError as error:
        when = error.saved_at.strftime("%Y-%m-%d %H:%M UTC")
        print(
            f"error: {error.author or 'someone'} saved version {error.version_no} of {error.table} at {when}, after "
            f"version {error.base_version} this import started from; nothing was saved: run it again, or add --force "
            "to save over it.",
            file=sys.stderr,
        )
        return EXIT_CONFLICT
    except StoreError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_FAULT
    except SQLAlchemyError as error:  # a setting the store could not turn into one of its own sentences
        print(f"error: the data store cannot be used: {type(error).__name__}", file=sys.stderr)
        return EXIT_FAULT
