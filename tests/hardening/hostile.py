"""The hostile values every input path of the hardening suite is fed, and small helpers to judge the answers."""

from __future__ import annotations

import math
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
DATA = ROOT / "data"

# Text payloads: markup that must show as text, a SQL fragment that must stay data, Unicode that must survive.
HTML_NAME = '<img src=x onerror="window.__xss=1">'
SCRIPT_NAME = "<script>window.__xss=2</script>"
MARKDOWN_NAME = "![t](http://127.0.0.1:9/t.png) **b** [l](http://127.0.0.1:9/)"
SQL_NAME = "x'); DROP TABLE costdash_table_versions;--"
RTL_OVERRIDE = "\u202eevil"
RTL_TEXT = "الإمارات العربية المتحدة"
EMOJI = "😀💉"
FORMULA = "=HYPERLINK(\"http://127.0.0.1:9/\",\"x\")"

# One value of each hostile kind, as it would arrive from a text field, a CSV cell or a URL.
HOSTILE_TEXT: dict[str, object] = {
    "empty": "",
    "nan": float("nan"),
    "inf": float("inf"),
    "negative": -1.0,
    "zero": 0.0,
    "huge": 1e308,
    "text": "abc",
    "long": "x" * 6_000,
    "html": HTML_NAME,
    "sql": SQL_NAME,
    "rtl-override": RTL_OVERRIDE,
    "rtl-text": RTL_TEXT,
    "emoji": EMOJI,
}


def is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or (
        isinstance(value, str) and not value.strip())
