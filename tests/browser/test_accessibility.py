"""axe-core (the npm package pinned in tests/browser/axe/, installed by scripts/test.sh) on every page, at laptop and
phone size: no serious or critical violation (text contrast, labels, list markup, ...)."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

AXE = Path(__file__).resolve().parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
PAGES = [("Compare treatments", "/"), ("Regions", "/regions"), ("Clinic planner", "/clinic"),
         ("Real-world payback", "/real-world"), ("Price tables", "/price-tables"), ("Method and sources", "/about")]
BLOCKING = ("serious", "critical")
RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => `${n.target.join(" ")}: ${n.failureSummary.replace(/\\s+/g, " ").slice(0, 240)}`)}));
}"""


def _violations(page: object) -> list[dict[str, object]]:
    page.add_script_tag(path=str(AXE))  # type: ignore[attr-defined]
    return page.evaluate(RUN_AXE)  # type: ignore[attr-defined]


def _readable(violations: list[dict[str, object]]) -> str:
    lines = []
    for v in violations:
        nodes = list(v["nodes"])  # type: ignore[call-overload]
        lines.append(f"[{v['impact']}] {v['id']} ({v['help']}), {len(nodes)} element(s):")
        lines += [f"    {n}" for n in nodes[:4]]
    return "\n".join(lines)


@pytest.fixture(scope="module", autouse=True)
def _axe_installed() -> None:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm ci --prefix tests/browser/axe` (scripts/test.sh does)")


@pytest.mark.parametrize("viewport", [{"width": 1366, "height": 900}, {"width": 390, "height": 844}],
                         ids=["laptop", "phone"])
def test_no_serious_or_critical_axe_violation_on_any_page(app_server, browser, wait_for_app,
                                                          viewport: dict[str, int]) -> None:
    context = browser.new_context(viewport=viewport)  # type: ignore[attr-defined]
    context.set_default_timeout(60_000)
    found = {}
    try:
        page = context.new_page()
        for title, path in PAGES:
            page.goto(app_server + path)
            wait_for_app(page)
            assert page.get_by_role("heading", level=1).first.inner_text().startswith(title.split()[0])
            page.wait_for_timeout(500)  # charts and tables finish drawing
            blocking = [v for v in _violations(page) if v["impact"] in BLOCKING]
            if blocking:
                found[title] = _readable(blocking)
    finally:
        context.close()
    assert not found, "\n".join(f"{title}:\n{text}" for title, text in found.items())


def test_axe_finds_a_planted_contrast_failure(app_server, page, wait_for_app) -> None:
    """The control: the same run reports pale text when the page has some."""
    page.goto(app_server + "/about")
    wait_for_app(page)
    page.evaluate("() => { const p = document.createElement('p'); p.textContent = 'pale words';"
                  " p.style.color = '#bbbbbb'; p.style.background = '#ffffff';"
                  " document.querySelector('[data-testid=stMainBlockContainer]').prepend(p); }")
    ids = {v["id"] for v in _violations(page) if v["impact"] in BLOCKING}
    assert "color-contrast" in ids
