"""Prose shown in the app, kept as Markdown files in content/."""

from __future__ import annotations

from functools import cache
from pathlib import Path

CONTENT_DIR = Path(__file__).resolve().parent.parent / "content"


@cache
def text(name: str) -> str:
    """The Markdown file content/<name>.md."""
    return (CONTENT_DIR / f"{name}.md").read_text(encoding="utf-8")


README = CONTENT_DIR.parent / "README.md"


@cache
def readme_section(title: str) -> str:
    """The README's section under `## <title>` (up to the next `## `), so the app and README never differ."""
    lines = README.read_text(encoding="utf-8").splitlines()
    start = lines.index(f"## {title}") + 1
    end = next((i for i in range(start, len(lines)) if lines[i].startswith("## ")), len(lines))
    return "\n".join(lines[start:end]).strip()


def plain_disclaimer() -> str:
    return text("disclaimer").replace("**", "").replace("\n", " ").strip()
