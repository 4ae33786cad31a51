"""Page-wide accessibility repairs of Streamlit's own markup, drawn once per run from app.py.

Streamlit 1.67 draws a sectioned sidebar menu as ``<ul>`` > ``<div>`` (one per section: a header and its ``<li>``
links), which screen readers cannot read as a list (axe-core's serious ``list`` and ``listitem`` rules). The script
below gives each section the list role, named by its header, and takes the list role off the outer ``<ul>``; it runs
again whenever Streamlit redraws the sidebar. The markup Streamlit draws is left otherwise untouched.

Inline code in a caption is drawn in the theme's code colour faded like the caption (2.7:1 on white); the style below
gives it the caption's own colour, which the theme keeps above 4.5:1 (.streamlit/config.toml).
"""

from __future__ import annotations

import streamlit as st

CAPTION_CODE_STYLE = """<style>
[data-testid="stCaptionContainer"] code { color: inherit; }
</style>"""

NAV_LIST_FIX = """<script>
(() => {
  if (window.__costdashNavFix) { window.__costdashNavFix(); return; }
  const fix = () => {
    const menu = document.querySelector('[data-testid="stSidebarNavItems"]');
    if (!menu) return;
    if (menu.getAttribute("role") !== "none") menu.setAttribute("role", "none");
    for (const section of menu.children) {
      if (section.tagName === "LI" || section.getAttribute("role") === "list") continue;
      const header = section.querySelector('[data-testid="stNavSectionHeader"]');
      section.setAttribute("role", "list");
      if (header) {
        header.setAttribute("role", "none");
        const name = header.querySelector('[data-testid="stMarkdownContainer"]') || header;
        section.setAttribute("aria-label", name.textContent.trim());
      }
    }
  };
  window.__costdashNavFix = fix;
  fix();
  const sidebar = document.querySelector('[data-testid="stSidebar"]') || document.body;  // the menu's redraws only
  new MutationObserver(fix).observe(sidebar, { childList: true, subtree: true });
})();
</script>"""


def page_fixes() -> None:
    """Draw the repairs (an invisible script in the sidebar; JavaScript of this module only, no user text)."""
    with st.sidebar:
        st.html(CAPTION_CODE_STYLE + NAV_LIST_FIX, unsafe_allow_javascript=True, width="content")
