"""Reading one spreadsheet cell as a value of a column kind (number, integer, date, yes/no, text).

Numbers may carry currency symbols or codes, thousands separators (comma,
dot, space, apostrophe), a decimal comma, a sign, brackets for negatives or
a trailing percent sign: ``"$1,200"`` -> 1200, ``"1.200,50 EUR"`` -> 1200.5,
``"1 200"`` -> 1200, ``"€ 99,90"`` -> 99.9. A lone separator followed by
exactly three digits (``"1,200"``, ``"3.673"``) is resolved by the column's
``decimal_hint``: without one, a comma groups thousands and a dot is decimal.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from store.schema_columns import Kind

# Unicode category Sc (currency symbols) in the Basic Multilingual Plane.
_CURRENCY_SIGNS = (
    r"$\u00a2-\u00a5\u058f\u060b\u07fe\u07ff\u09f2\u09f3\u09fb\u0af1\u0bf9\u0e3f\u17db"
    r"\u20a0-\u20c0\ua838\ufdfc\ufe69\uff04\uffe0\uffe1\uffe5\uffe6"
)
_CURRENCY = rf"(?:[A-Z]{{3}}|[A-Za-z]{{0,3}}[{_CURRENCY_SIGNS}]|Rs\.?|kr|RM|Rp)"
_NUMBER = re.compile(
    rf"""(?P<sign>[-+\u2212])?\s*(?:{_CURRENCY}\s*)?(?P<sign2>[-+\u2212])?\s*
         (?P<num>\d(?:[\d.,' \u2019]*\d)?|[.,]\d+)
         \s*(?:{_CURRENCY})?\s*%?""",
    re.VERBOSE,
)
_EXPONENT = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)[eE][-+]?\d+")
_SPACES = re.compile(r"[\s\u00a0\u2007\u2009\u202f]+")
_GROUP_MARKS = re.compile(r"[ '\u2019.,]")
_YES = {"yes", "y", "true", "1", "ja", "oui", "si", "sí"}
_NO = {"no", "n", "false", "0", "nein", "non"}
_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%d.%m.%Y")
NEUTRALISING_PREFIX = "'"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_SIGNS = ("=", "+", "-", "@")


def needs_neutralising(text: str) -> bool:
    """Whether an export must put NEUTRALISING_PREFIX before ``text``, so that a spreadsheet runs nothing and an
    import (`parse_cell`) gives back exactly ``text``.

    Text a spreadsheet may run as a formula: it starts with ``= + - @``, a tab or a carriage return, also after
    leading spaces or line feeds. So that the import can tell an added quote from one that was there, text that
    starts with quotes followed by such text gets one too (``'=1`` is written ``''=1``).

    >>> [needs_neutralising(t) for t in ("=1", " =1", "\\n+1", "'=1", "'plain", "a=b", "")]
    [True, True, True, True, False, False, False]
    """
    rest = text.lstrip(NEUTRALISING_PREFIX)
    return rest.startswith(FORMULA_STARTS) or rest.lstrip().startswith(_FORMULA_SIGNS)


class CellError(ValueError):
    """A cell that cannot be read as its column's kind; the message says why."""


def _shown(value: Any) -> str:
    text = str(value)
    return f'"{text[:40]}…"' if len(text) > 40 else f'"{text}"'


def _number_part(text: str) -> tuple[bool, str] | None:
    """(negative, digits-with-separators) of a number cell, or None if it is not one."""
    text = _SPACES.sub(" ", text).strip()
    bracketed = text.startswith("(") and text.endswith(")")
    match = _NUMBER.fullmatch(text[1:-1].strip() if bracketed else text)
    if match is None:
        return None
    negative = bracketed or any(s in ("-", "\u2212") for s in (match["sign"], match["sign2"]))
    return negative, match["num"]


def _own_decimal(num: str) -> str | None:
    """The decimal mark a number shows unambiguously, or None."""
    marks = [c for c in num if c in ".,"]
    if not marks:
        return None
    if len(set(marks)) == 2:
        return marks[-1]
    if len(marks) > 1:
        return None
    whole, _, fraction = num.replace(" ", "").partition(marks[0])
    ambiguous = len(fraction) == 3 and whole.isdigit() and 1 <= len(whole) <= 3 and whole != "0"
    return None if ambiguous else marks[0]


def decimal_hint(values: Iterable[Any]) -> str | None:
    """The decimal mark most unambiguous cells of a column use ("." or ","), or None."""
    votes: Counter[str] = Counter()
    for value in values:
        part = _number_part(value) if isinstance(value, str) else None
        mark = _own_decimal(part[1]) if part else None
        if mark:
            votes[mark] += 1
    ranked = votes.most_common()
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def _decimal_mark(num: str, hint: str | None) -> str | None:
    mark = _own_decimal(num)
    if mark or not any(c in ".," for c in num) or sum(c in ".," for c in num) > 1:
        return mark
    lone = "." if "." in num else ","
    return lone if hint == lone or (hint is None and lone == ".") else None


def _join_groups(whole: str) -> str:
    """Digits of a grouped whole part: 1,234,567 or Indian 12,34,567; ValueError otherwise."""
    groups = _GROUP_MARKS.split(whole)
    if len(groups) == 1:
        return whole
    head, *middle, last = groups
    western = 1 <= len(head) <= 3 and all(len(g) == 3 for g in (*middle, last))
    indian = 1 <= len(head) <= 2 and len(last) == 3 and all(len(g) == 2 for g in middle)
    if not (western or indian):
        raise ValueError(whole)
    return "".join(groups)


def parse_number(text: str, hint: str | None = None) -> float:
    """A number from text as people write it in spreadsheets; CellError if it is not one."""
    stripped = text.strip()
    if _EXPONENT.fullmatch(stripped):
        return float(stripped)
    part = _number_part(stripped)
    if part is None:
        raise CellError(f"expected a number, found {_shown(text)}")
    negative, num = part
    mark = _decimal_mark(num, hint)
    whole, _, fraction = num.rpartition(mark) if mark else (num, "", "")
    try:
        value = float(f"{_join_groups(whole) or '0'}.{fraction or '0'}")
    except ValueError:
        raise CellError(f"{_shown(text)} is not a clear number; write it like 1200.50") from None
    return -value if negative else value


def _number(value: Any, hint: str | None) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise CellError(f"expected a number, found {_shown(value)}")
    if isinstance(value, (int, float)):
        return None if isinstance(value, float) and math.isnan(value) else float(value)
    return parse_number(str(value), hint)


def _integer(value: Any, hint: str | None) -> int | None:
    number = _number(value, hint)
    if number is None:
        return None
    if not number.is_integer():
        raise CellError(f"expected a whole number, found {_shown(value)}")
    return int(number)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    if text[:1] == NEUTRALISING_PREFIX and needs_neutralising(text[1:]):
        return text[1:]  # undo the export's formula neutralisation
    return text


def _yesno(value: Any) -> str:
    word = _text(value).lower() if not isinstance(value, bool) else ("yes" if value else "no")
    if word in ("", "yes", "no"):
        return word
    if word in _YES or word in _NO:
        return "yes" if word in _YES else "no"
    raise CellError(f'expected "yes" or "no", found {_shown(value)}')


def _date(value: Any) -> str:
    if isinstance(value, (datetime, date)):
        return (value.date() if isinstance(value, datetime) else value).isoformat()
    text = _text(value)
    if not text:
        return ""
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date().isoformat()
        except ValueError:
            continue
    raise CellError(f"expected a date as YYYY-MM-DD, found {_shown(value)}")


def parse_cell(value: Any, kind: Kind, hint: str | None = None) -> Any:
    """``value`` (text, number, date or None from a file) as a value of ``kind``; CellError if impossible."""
    if kind == "number":
        return _number(value, hint)
    if kind == "integer":
        return _integer(value, hint)
    if kind == "yesno":
        return _yesno(value)
    if kind == "date":
        return _date(value)
    return _text(value)
