"""One colour per treatment option, the same in every chart (Okabe-Ito, colour-blind safe)."""

from __future__ import annotations

OKABE_ITO: tuple[str, ...] = (
    "#56B4E9",
    "#0072B2",
    "#CC79A7",
    "#009E73",
    "#E69F00",
    "#B8A200",
    "#D55E00",
    "#000000",
)
OPTION_ORDER: tuple[str, ...] = ("mn_roller", "mn_pen", "mn_prp", "rf_mn", "na_1550", "th_1927", "co2", "er_yag")
PART_PATTERNS: dict[str, str] = {"Sessions": "", "Extras": "/", "Downtime cost": "x"}


def option_colours(option_ids: list[str]) -> dict[str, str]:
    """Colour per option id: the fixed order first, then any user-added options in turn."""
    colours = dict(zip(OPTION_ORDER, OKABE_ITO, strict=True))
    extra = [o for o in option_ids if o not in colours]
    for i, option in enumerate(extra):
        colours[option] = OKABE_ITO[i % len(OKABE_ITO)]
    return colours
