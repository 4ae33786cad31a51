"""User text (names and codes from the editable tables) shown as the plain text it is.

Streamlit renders headings, the body of ``st.markdown``/``st.info``/``st.warning``/``st.error``/``st.caption`` and
metric labels and deltas as Markdown: raw HTML is shown as text, but ``![x](http://host/t.png)`` in a region name
becomes an image every visitor's browser fetches, and ``**x**`` turns bold. Plotly renders its labels, legend
names and hover text as a subset of HTML: ``<a href=...>`` is a link, ``<span style=...>`` restyles. Each function
below escapes what one of them would interpret, so a name shows exactly as it was typed.

GitHub-flavoured Markdown also turns bare addresses into links (``http://h/x``, ``www.example.com``,
``x@example.com``), and it finds them in the text after backslash escapes are resolved, so escaping cannot stop
it: ``markdown_text`` puts a word joiner (U+2060, invisible and zero-width) inside ``http:``, ``www.`` and after
``@``, which the autolinker then does not match.
"""

from __future__ import annotations

import re

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_\[\]<>~$&#|])")
_BULLET_START = re.compile(r"^(\s*)([-+=])")
_NUMBER_START = re.compile(r"^(\s*\d+)([.)])")
_AUTOLINK_START = re.compile(r"(https?(?=:)|www(?=\.)|@)", re.IGNORECASE)
WORD_JOINER = "\u2060"


def markdown_text(text: object) -> str:
    """``text`` for a Markdown context: inline markup characters escaped, lines joined, no list or quote start.

    Example: "![x](http://h/t.png) **b**" -> "!\\[x\\](http://h/t.png) \\*\\*b\\*\\*", shown as typed.
    Parentheses, dots and colons stay as they are: without brackets they start nothing. A bare address gets a word
    joiner (U+2060) so it is not made a link: "www.example.com" -> "www" + U+2060 + ".example.com", shown the same.
    """
    one_line = " ".join(str(text).splitlines())
    escaped = _MARKDOWN_SPECIALS.sub(r"\\\1", one_line)
    escaped = _BULLET_START.sub(r"\1\\\2", escaped, count=1)
    escaped = _NUMBER_START.sub(r"\1\\\2", escaped, count=1)
    return _AUTOLINK_START.sub(r"\1" + WORD_JOINER, escaped)


def chart_text(text: object) -> str:
    """``text`` for a Plotly label, legend or hover: its tags, entities and %{...} fields shown literally.

    Example: '<a href="http://h">US</a> 5%' -> '&lt;a href="http://h"&gt;US&lt;/a&gt; 5&#37;'.
    """
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("%", "&#37;")
