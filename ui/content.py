"""Prose shown in the app, kept as Markdown files in content/."""

from __future__ import annotations

from functools import cache
from pathlib import Path

CONTENT_DIR = Path(__file__).resolve().parent.parent / "content"


@cache
def text(name: str) -> str:
    """The Markdown file content/<name>.md."""
    return (CONTENT_DIR / f"{name}.md").read_text(encoding="utf-8")


def plain_disclaimer() -> str:
    return text("disclaimer").replace("**", "").replace("\n", " ").strip()
