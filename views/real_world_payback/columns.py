"""How each figure of a comparison is shown on the Real-world payback page: header, hover help, kind of number;
which are the key figures and which way is better."""

from dataclasses import dataclass

from views.real_world_payback.texts import FIGURE_HELP


@dataclass(frozen=True)
class Column:
    """How one figure of the comparison table is shown: header ({c} = currency), hover help, kind of number."""

    header: str
    help: str
    kind: str  # months, money, share, sessions, count or text


# Figure -> (header, kind), in the order of the comparison's CSV.
_SHOWN = {
    "payback_months": ("Payback (months)", "months"),
    "discounted_payback_months": ("Discounted payback (months)", "months"),
    "npv": ("NPV ({c})", "money"),
    "roi": ("ROI", "share"),
    "after_tax_npv": ("After-tax NPV ({c})", "money"),
    "after_tax_payback_months": ("After-tax payback (months)", "months"),
    "monthly_profit": ("Profit a month ({c})", "money"),
    "average_sessions_per_month": ("Sessions a month (delivered)", "sessions"),
    "break_even_sessions_per_month": ("Break-even (sessions a month)", "count"),
    "utilisation": ("Utilisation", "share"),
    "financing": ("Financing", "text"),
    "cost_of_device": ("Cost of device ({c})", "money"),
    "monthly_payment": ("Monthly payment ({c})", "money"),
    "first_year_sessions": ("Sessions in year 1", "sessions"),
    "contribution_margin": ("Margin per session ({c})", "money"),
    "loaded_cost_per_session": ("Loaded cost per session ({c})", "money"),
    "fixed_cost_per_month": ("Fixed cost a month ({c})", "money"),
    "months_in_use": ("Months in use", "count"),
}
COLUMNS: dict[str, Column] = {
    figure: Column(header, FIGURE_HELP[figure], kind) for figure, (header, kind) in _SHOWN.items()
}
KEY_FIGURES = (
    "payback_months",
    "discounted_payback_months",
    "after_tax_payback_months",
    "npv",
    "after_tax_npv",
    "roi",
    "monthly_profit",
    "average_sessions_per_month",
    "break_even_sessions_per_month",
    "utilisation",
)
DIFFERENCES = {
    "payback_months": "lower",
    "npv": "higher",
    "after_tax_npv": "higher",
    "monthly_profit": "higher",
}  # figure -> which way is better
