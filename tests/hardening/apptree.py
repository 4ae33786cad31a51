"""Reading what an AppTest run would show: every element and block, the strings Streamlit renders as Markdown,
the chart specs, and the keys bound to the URL.

Streamlit renders as Markdown the body of markdown/caption/alerts/headings, every widget's label and help, the
options of radio, pills and segmented controls, metric labels and deltas, expander, tab and popover labels, and
button labels. Select box and multiselect options and table cells are plain text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from google.protobuf.message import Message
from streamlit.testing.v1 import AppTest

# Proto fields whose text Streamlit renders as Markdown (anywhere in an element's or block's proto).
MARKDOWN_FIELDS = {"label", "help", "body", "delta", "content", "caption", "tooltip"}
# Elements whose `options` are Markdown (radio; button groups: pills and segmented controls carry `content`).
MARKDOWN_OPTIONS = {"radio"}


def nodes(at: AppTest) -> Iterator[Any]:
    """Every node of the rendered tree (blocks and elements), depth first."""
    stack = [at._tree]
    while stack:
        node = stack.pop()
        yield node
        children = getattr(node, "children", None) or {}
        stack.extend(children.values())


def _strings(message: Message, path: str = "") -> Iterator[tuple[str, str]]:
    for field, value in message.ListFields():
        where = f"{path}.{field.name}" if path else field.name
        repeated = getattr(field, "is_repeated", False) or hasattr(value, "append")
        values = value if repeated else [value]
        for item in values:
            if isinstance(item, Message):
                yield from _strings(item, where)
            elif isinstance(item, str):
                yield where, item


def markdown_strings(at: AppTest) -> list[tuple[str, str]]:
    """(element type and field, text) of every string on the page that Streamlit renders as Markdown."""
    found = []
    for node in nodes(at):
        proto = getattr(node, "proto", None)
        if not isinstance(proto, Message):
            continue
        kind = getattr(node, "type", type(node).__name__)
        if kind == "html":  # st.html: HTML (names in it HTML-escaped, ui/option_cards.py), never read as Markdown
            continue
        for where, text in _strings(proto):
            leaf = where.rsplit(".", 1)[-1]
            if leaf in MARKDOWN_FIELDS or (leaf == "options" and kind in MARKDOWN_OPTIONS):
                found.append((f"{kind}.{where}", text))
    return found


def chart_specs(at: AppTest) -> list[str]:
    """The JSON spec of every Plotly chart."""
    return [node.proto.spec for node in nodes(at) if getattr(node, "type", "") == "plotly_chart"]


def bound_keys(at: AppTest) -> set[str]:
    """The query parameters the widgets on the page are bound to."""
    keys = set()
    for node in nodes(at):
        proto = getattr(node, "proto", None)
        key = getattr(proto, "query_param_key", "") if isinstance(proto, Message) else ""
        if key:
            keys.add(key)
    return keys


_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def unescaped(markdown: str) -> str:
    """The text of a Markdown source with its backslash escapes resolved (what GFM's autolinker then scans)."""
    return _ESCAPE.sub(r"\1", markdown)
