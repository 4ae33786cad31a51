"""The worked examples in the pricing core's docstrings (`>>>` lines) run as doctests, one test per module.

Collected here rather than with pytest's --doctest-modules: that option would also import every module under
tests/ as a doctest module (two conftest.py files there share a module name, which stops the collection), and
pricing/__main__.py runs the command line and exits when imported.
"""

from __future__ import annotations

import doctest
import importlib
import io
import pkgutil

import pytest

import pricing

# `python -m pricing`: importing it runs the command line and exits.
NOT_IMPORTED = frozenset({"pricing.__main__"})
MODULES = sorted(
    info.name for info in pkgutil.walk_packages(pricing.__path__, "pricing.") if info.name not in NOT_IMPORTED
)
# The main formula modules: each keeps worked examples that run.
WITH_EXAMPLES = frozenset(
    {
        "pricing.finance",
        "pricing.currency",
        "pricing.locales",
        "pricing.patient.packages",
        "pricing.patient.course",
        "pricing.patient.financing",
        "pricing.patient.package_terms",
        "pricing.patient.membership",
        "pricing.patient.maintenance",
        "pricing.clinic.device",
        "pricing.clinic.financing",
        "pricing.clinic.volume",
        "pricing.clinic.tax",
        "pricing.clinic.menu",
        "pricing.clinic.projection",
        "pricing.clinic.payback",
        "pricing.clinic.pnl",
    }
)


def test_every_module_with_examples_is_found():
    assert set(MODULES) >= WITH_EXAMPLES


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str):
    module = importlib.import_module(name)
    report = io.StringIO()
    runner = doctest.DocTestRunner(verbose=False)
    for test in doctest.DocTestFinder().find(module):
        runner.run(test, out=report.write)
    assert runner.failures == 0, f"{runner.failures} of {runner.tries} examples failed in {name}:\n{report.getvalue()}"
    if name in WITH_EXAMPLES:
        assert runner.tries > 0, f"{name} has no `>>>` example left"
