"""Risk of pigment change for a patient's skin type, per option, as a band (low / moderate / high).

The safety table gives, per option, what studies found about pigment change (post-inflammatory
hyperpigmentation, PIH) in darker skin (Fitzpatrick IV-VI): rows with topic "skin_type", in words with their
figures. The band follows those rows, so that a corrected table corrects the band:

1. Class: a row that puts the option in the highest-risk class ("highest-risk", "highest PIH risk") makes it
   high, whatever figures it also quotes.
2. Figure: else the largest percentage the rows give ("0-17 %" -> 17, "over 37 %" -> 37), leaving out the
   figures of a sentence that says it is not an incidence (a drop-out count: "dropped out", "stopped", "not an
   incidence"): under 5 % low, 5 % to under 20 % moderate, 20 % or more high.
3. No incidence: else (no figure, or "no incidence" published) the highest band of the options of the same
   family (data/options.csv) that have one, so that an option without data never looks safer than its
   family (microneedling with PRP never below plain microneedling); "not known" when no option of the family
   has a figure.

That is the band for skin types IV, V and VI, and for "not sure" (the cautious answer, labelled as such).
For type III the band is one step lower (high -> moderate, moderate -> low): the studies are mostly of types
III-V and darker skin is the risk factor. For types I and II every option is low: the figures are for darker
skin, and pigment change after these treatments is uncommon in light skin. It is a reading of small studies,
not a risk score for a person: the view shows it with the figure and its source.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

SKIN_TYPES: tuple[str, ...] = ("I", "II", "III", "IV", "V", "VI")
NOT_SURE = "not_sure"
SKIN_TYPE_CHOICES: tuple[str, ...] = (NOT_SURE, *SKIN_TYPES)
DARKER = ("IV", "V", "VI")

BANDS: tuple[str, ...] = ("low", "moderate", "high")
NOT_KNOWN = "not known"
LOW_BELOW_PCT = 5.0  # an upper figure under 5 % is low...
HIGH_FROM_PCT = 20.0  # ...from 20 % high, in between moderate

_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*(?:%|per ?cent)", re.IGNORECASE)
_HIGHEST_CLASS = re.compile(r"\bhighest\b[^.;]{0,25}?\brisk\b", re.IGNORECASE)
_NOT_INCIDENCE = re.compile(r"drop(?:ped)?[- ]?out|\bstopped\b|not an incidence", re.IGNORECASE)
_NO_INCIDENCE = re.compile(r"\bno (?:published )?incidence\b|\bno incidence (?:was |has been )?published", re.I)
_SENTENCE = re.compile(r"(?<=[.;])\s+")


def highest_pih_pct(text: str) -> float | None:
    """The largest incidence percentage in a skin-type finding, None when it gives none.

    Figures of a sentence about drop-outs (not an incidence) are left out.

    >>> highest_pih_pct("dark patches were reported in 0-17 % of patients and were usually temporary.")
    17.0
    >>> highest_pih_pct("No incidence is published. In one study 1 of 30 patients (about 3 %) dropped out.")
    >>> highest_pih_pct("0 of 7 in one study; older fully ablative CO2 caused them in over 37 %.")
    37.0
    """
    figures = [
        float(number)
        for sentence in _SENTENCE.split(text)
        if not _NOT_INCIDENCE.search(sentence)
        for number in _PERCENT.findall(sentence)
    ]
    return max(figures) if figures else None


def band_of_pct(pct: float) -> str:
    """The band of an upper PIH figure in percent: < 5 low, 5 to < 20 moderate, >= 20 high.

    >>> [band_of_pct(p) for p in (0.0, 4.4, 5.0, 17.0, 20.0, 37.0)]
    ['low', 'low', 'moderate', 'moderate', 'high', 'high']
    """
    return "low" if pct < LOW_BELOW_PCT else "moderate" if pct < HIGH_FROM_PCT else "high"


def _join(values: pd.Series) -> str:
    return " ; ".join(dict.fromkeys(str(v) for v in values if str(v).strip()))


def darker_skin_bands(safety: pd.DataFrame, options: pd.DataFrame) -> pd.DataFrame:
    """The band for darker skin (Fitzpatrick IV-VI) of every option in `options` (rules 1-3 of the module).

    safety: option_id, topic, text, source, year (and quality); options: option_id, family.
    Returns one row per option, in the options' order: option_id, family, band (low / moderate / high / not
    known), basis (class / figure / family / none), pih_pct (the upper figure, NaN without one), finding (the
    skin-type texts), source, year, quality.
    """
    rows = safety[safety["topic"] == "skin_type"]
    out = options[["option_id", "family"]].reset_index(drop=True).copy()
    findings, sources, years, qualities, pcts, classes = [], [], [], [], [], []
    for option_id in out["option_id"]:
        own = rows[rows["option_id"] == option_id]
        texts = [str(t) for t in own["text"]]
        figures = [p for p in (highest_pih_pct(t) for t in texts) if p is not None]
        no_incidence = any(_NO_INCIDENCE.search(t) for t in texts)
        findings.append(" ".join(texts))
        sources.append(_join(own["source"]) if "source" in own else "")
        years.append(_join(own["year"]) if "year" in own else "")
        qualities.append(_join(own["quality"]) if "quality" in own else "")
        pcts.append(max(figures) if figures and not no_incidence else np.nan)
        classes.append(any(_HIGHEST_CLASS.search(t) for t in texts))
    out["pih_pct"] = np.asarray(pcts, dtype=np.float64)
    out["finding"], out["source"], out["year"], out["quality"] = findings, sources, years, qualities
    out["band"] = [
        "high" if is_class else band_of_pct(pct) if not np.isnan(pct) else NOT_KNOWN
        for is_class, pct in zip(classes, out["pih_pct"], strict=True)
    ]
    out["basis"] = [
        "class" if is_class else "figure" if not np.isnan(pct) else "none"
        for is_class, pct in zip(classes, out["pih_pct"], strict=True)
    ]
    known = out[out["band"] != NOT_KNOWN]
    family_band: dict[str, str] = {}
    for family, band in zip(known["family"], known["band"], strict=True):
        family_band[family] = max(band, family_band.get(family, BANDS[0]), key=BANDS.index)
    for i in out.index[out["band"] == NOT_KNOWN]:
        family = str(out.at[i, "family"])
        if family in family_band:
            out.at[i, "band"], out.at[i, "basis"] = family_band[family], "family"
    return out


def skin_type_bands(safety: pd.DataFrame, options: pd.DataFrame, skin_type: str) -> pd.DataFrame:
    """The pigment-change band of every option for `skin_type` (one of SKIN_TYPE_CHOICES).

    The columns of darker_skin_bands, the band for this skin type (IV-VI and not sure: that band; III one step
    lower; I-II low) and high_risk (band == "high"); darker_band keeps the band for IV-VI.
    """
    if skin_type not in SKIN_TYPE_CHOICES:
        raise ValueError(f"skin type must be one of {', '.join(SKIN_TYPE_CHOICES)}, not {skin_type!r}")
    out = darker_skin_bands(safety, options).rename(columns={"band": "darker_band"})
    if skin_type in ("I", "II"):
        out["band"] = "low"
    elif skin_type == "III":
        out["band"] = [b if b == NOT_KNOWN else BANDS[max(BANDS.index(b) - 1, 0)] for b in out["darker_band"]]
    else:
        out["band"] = out["darker_band"]
    out["high_risk"] = out["band"] == "high"
    return out
