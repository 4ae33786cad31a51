"""`python -m store` (issue 17): import (update by default, --dry-run), export, history, restore; exit 0 when
saved, 2 for a bad file or flag with one located line per problem and nothing saved, 3 for a conflict."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from store import Database, TableStore
from store.cli import main

pytestmark = pytest.mark.slow  # each test seeds and checks the nine shipped tables (about 2 s)
ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
MESSY = "\ufeffRegion;Option;Low;Typical (GBP);High;Currency\r\nuk;rf microneedling;£900;£1,234.50;£1,500.00;gbp\r\n"


@pytest.fixture
def shipped(database: Database) -> TableStore:
    return TableStore(database, defaults_dir=DATA)


def _run(store: TableStore, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main([str(a) for a in argv], store=store)
    out, err = capsys.readouterr()
    return code, out, err


def test_import_saves_one_version_with_the_author_and_history_shows_it(
    shipped: TableStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = tmp_path / "may.csv"
    sheet.write_text(MESSY, encoding="utf-8")
    code, out, err = _run(shipped, capsys, "import", sheet, "--table", "prices", "--author", "Dr Ana", "--note", "May")
    assert (code, err) == (0, "")
    assert "Saved version 2 of prices and version 2 of packages." in out
    assert "package follows your price: UK / rf_mn / 3 sessions 1,370.00 -> 3,252.43 GBP" in out
    code, out, _ = _run(shipped, capsys, "history", "--table", "prices", "--json")
    history = json.loads(out)
    assert code == 0 and [(h["version"], h["author"], h["note"]) for h in history] == [
        (2, "Dr Ana", "May"),
        (1, "costdash", "shipped defaults"),
    ]


def test_a_bad_cell_exits_2_with_one_located_line_each_and_saves_nothing(
    shipped: TableStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = shipped.current("prices").frame
    sheet = tmp_path / "bad.csv"
    sheet.write_text("Region,Option,Typical\nUS,co2,abc\nUS,Laser of dreams,300\n", encoding="utf-8")
    code, out, err = _run(shipped, capsys, "import", sheet, "--table", "prices")
    assert code == 2 and out == ""
    assert err.splitlines() == [
        f'error: {sheet}: row 1, price_typical: expected a number, found "abc"',
        f'error: {sheet}: row 2, option_id: there is no option "Laser of dreams" (by id or by name)',
    ]
    assert [i.version_no for i in shipped.history("prices")] == [1]
    assert shipped.current("prices").frame.equals(before)


def test_dry_run_shows_the_changes_and_saves_nothing(
    shipped: TableStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = tmp_path / "may.csv"
    sheet.write_text("region,option,typical\nUS,co2,1000\n", encoding="utf-8")
    code, out, _ = _run(shipped, capsys, "import", sheet, "--table", "prices", "--dry-run")
    assert code == 0 and "changed US / co2: price_typical 950 -> 1000" in out and "Dry run: nothing saved." in out
    assert [i.version_no for i in shipped.history("prices")] == [1]


@pytest.mark.parametrize(
    ("argv", "line"),
    [
        (["import", "{tmp}/none.csv", "--table", "prices"], "error: {tmp}/none.csv: no such file"),
        (["import", "{tmp}", "--table", "prices"], "error: {tmp}: not a regular file"),
        (["import", "{tmp}/ok.csv", "--table", "nope"], "error: argument --table: invalid choice: 'nope'"),
        (["import", "{tmp}/ok.csv", "--table", "prices", "--mode", "merge"], "error: argument --mode: invalid choice"),
        (["export", "--table", "prices", "{tmp}/out.txt"], "error: {tmp}/out.txt: the file name must end in .csv"),
        (["restore", "--table", "prices", "--version", "9"], "error: --version: prices has no version 9."),
        (["restore", "--table", "prices", "--version", "x"], "error: argument --version: invalid int value: 'x'"),
        (["import", "{tmp}/ok.csv", "--table", "safety"], "error: {tmp}/ok.csv: header: Safety notes has no key"),
    ],
)
def test_bad_flags_and_files_exit_2_with_one_line(
    shipped: TableStore, tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], line: str
) -> None:
    (tmp_path / "ok.csv").write_text("region,option,typical\nUS,co2,1000\n", encoding="utf-8")
    code, out, err = _run(shipped, capsys, *(a.format(tmp=tmp_path) for a in argv))
    assert code == 2 and out == "" and len(err.splitlines()) == 1
    assert err.startswith(line.format(tmp=tmp_path))


def test_export_and_restore(shipped: TableStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sheet = tmp_path / "may.csv"
    sheet.write_text("region,option,typical\nUS,co2,1000\n", encoding="utf-8")
    assert _run(shipped, capsys, "import", sheet, "--table", "prices", "--author", "Ana")[0] == 0
    out_file = tmp_path / "prices.xlsx"
    code, out, _ = _run(shipped, capsys, "export", "--table", "prices", out_file)
    assert code == 0 and out.startswith("Wrote version 2 of prices (96 rows)")
    rows = list(load_workbook(out_file).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("region_id", "option_id", "price_low") and len(rows) == 97
    code, out, _ = _run(shipped, capsys, "restore", "--table", "prices", "--version", "1", "--author", "Bo")
    assert code == 0 and out.strip() == "Restored version 1 of prices as version 3."
    info = shipped.history("prices")[0]
    assert (info.author, info.action, info.source_version) == ("Bo", "restore", 1)


def test_python_m_store_uses_the_apps_store(tmp_path: Path) -> None:
    env = {**os.environ, "COSTDASH_DATA_DIR": str(tmp_path / "store")}
    env.pop("COSTDASH_DATABASE_URL", None)
    sheet = tmp_path / "may.csv"
    sheet.write_text("region,option,typical\nUS,co2,1000\n", encoding="utf-8")
    command = [sys.executable, "-m", "store", "import", str(sheet), "--table", "prices", "--author", "Ana"]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    saved = TableStore(f"sqlite:///{tmp_path / 'store' / 'store.sqlite'}").history("prices")[0]
    assert (saved.version_no, saved.author) == (2, "Ana")
