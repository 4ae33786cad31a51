"""Scenarios: save, load, list, rename, delete, with clear errors."""

from __future__ import annotations

import pytest

from store import DuplicateNameError, InvalidRequestError, NotFoundError, ScenarioStore

CHOICES = {
    "region": "DE",
    "options": ["co2", "mn_pen"],
    "indication": "acne_scars",
    "sessions": 3,
    "discount": 0.1,
    "show_usd": True,
}


def test_save_load_list(scenarios: ScenarioStore) -> None:
    info = scenarios.save("Berlin acne", CHOICES)
    scenarios.save("austin lines", {"region": "US"})
    assert info.name == "Berlin acne" and info.created_at == info.updated_at
    assert scenarios.load("berlin  ACNE ") == CHOICES
    assert [s.name for s in scenarios.list_scenarios()] == ["austin lines", "Berlin acne"]


def test_duplicate_names_and_overwrite(scenarios: ScenarioStore) -> None:
    scenarios.save("Berlin acne", CHOICES)
    with pytest.raises(DuplicateNameError, match="'Berlin acne' already exists"):
        scenarios.save("BERLIN ACNE", {"region": "US"})
    updated = scenarios.save("Berlin Acne", {"region": "US"}, overwrite=True)
    assert updated.name == "Berlin Acne" and updated.updated_at >= updated.created_at
    assert scenarios.load("berlin acne") == {"region": "US"}
    assert len(scenarios.list_scenarios()) == 1


def test_rename(scenarios: ScenarioStore) -> None:
    scenarios.save("a", CHOICES)
    scenarios.save("b", {})
    with pytest.raises(DuplicateNameError):
        scenarios.rename("a", "B")
    assert scenarios.rename("a", "A").name == "A"  # a change of case is allowed
    scenarios.rename("A", "c")
    assert scenarios.load("c") == CHOICES
    with pytest.raises(NotFoundError, match="no scenario called 'a'"):
        scenarios.load("a")
    with pytest.raises(NotFoundError):
        scenarios.rename("zzz", "y")


def test_delete(scenarios: ScenarioStore) -> None:
    scenarios.save("a", CHOICES)
    scenarios.delete("A")
    assert scenarios.list_scenarios() == []
    with pytest.raises(NotFoundError, match="no scenario called 'a'"):
        scenarios.delete("a")


@pytest.mark.parametrize(
    ("name", "choices", "message"),
    [
        ("  ", {}, "needs a name"),
        ("x" * 201, {}, "at most 200"),
        ("ok", {"when": object()}, "only hold text"),
        ("ok", {"x": float("nan")}, "only hold text"),
        ("ok", ["not", "a", "dict"], "must be a dictionary"),
    ],
)
def test_invalid_requests(scenarios: ScenarioStore, name: str, choices: object, message: str) -> None:
    with pytest.raises(InvalidRequestError, match=message):
        scenarios.save(name, choices)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "lookalike",
    [
        "Cafe\u0301",  # NFD: e + combining acute
        "Caf\u200bé",  # zero-width space
        "\u200eCafé",  # left-to-right mark
        "Ca\u00adfé",  # soft hyphen
        "\ufeffCafé",  # byte-order mark
        "\uff23\uff41\uff46\u00e9",  # full-width letters
    ],
)
def test_lookalike_names_are_the_same_scenario(scenarios: ScenarioStore, lookalike: str) -> None:
    """Issue 19 item 6: names that look the same are one name (NFKC, format characters left out)."""
    scenarios.save("Café", CHOICES)
    with pytest.raises(DuplicateNameError, match="'Café' already exists"):
        scenarios.save(lookalike, {"region": "US"})
    assert scenarios.load(lookalike) == CHOICES
    assert [s.name for s in scenarios.list_scenarios()] == ["Café"]


@pytest.mark.parametrize("invisible", ["\u200b", "\u200b\u200c\u200d", "\u00ad", "\ufeff", " \u2060 "])
def test_a_name_of_only_invisible_characters_is_refused(scenarios: ScenarioStore, invisible: str) -> None:
    with pytest.raises(InvalidRequestError, match="needs a name"):
        scenarios.save(invisible, CHOICES)
    assert scenarios.list_scenarios() == []
