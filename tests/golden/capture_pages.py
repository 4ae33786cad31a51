"""Capture what each page shows on the shipped defaults (tables, metrics, headings), as a snapshot for refactoring.

Run `python tests/golden/capture_pages.py` to (re)write `tests/golden/page_snapshot.json`. Pages are named by
their URL path, so the snapshot survives moving the page scripts.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SNAPSHOT = Path(__file__).with_name("page_snapshot.json")
PAGES = ("compare", "regions", "clinic", "real-world", "price-tables", "about")


def _page_script(url_path: str) -> str:
    """The script file behind a URL path, read from app.py's navigation."""
    import re

    source = (ROOT / "app.py").read_text()
    for path, url in re.findall(r'st\.Page\(\s*"([^"]+)".*?url_path="([^"]+)"', source, flags=re.S):
        if url == url_path:
            return path
    raise KeyError(url_path)


def capture_page(url_path: str) -> dict[str, object]:
    """Tables (as records), metrics and headings of one page on the shipped defaults, with every expander that draws
    only when opened (sources, figure tables) opened."""
    from streamlit.testing.v1 import AppTest

    from tests.app.lazy import with_expanders_open

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    if url_path != "compare":
        at.switch_page(_page_script(url_path)).run()
    with_expanders_open(at)
    tables = [json.loads(frame.value.to_json(orient="split", double_precision=6)) for frame in at.dataframe]
    return {
        "exception": [str(e.value) for e in at.exception],
        "tables": tables,
        "metrics": [[m.label, m.value] for m in at.metric],
        "headings": [h.value for h in (*at.title, *at.header, *at.subheader)],
    }


def capture() -> dict[str, object]:
    with tempfile.TemporaryDirectory() as folder:
        os.environ["COSTDASH_DATA_DIR"] = folder
        os.environ.pop("COSTDASH_DATABASE_URL", None)
        return {page: capture_page(page) for page in PAGES}


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    SNAPSHOT.write_text(json.dumps(capture(), indent=1, sort_keys=True) + "\n")
    print(f"wrote {SNAPSHOT}")
