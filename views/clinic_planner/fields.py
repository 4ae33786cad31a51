"""How each device input is shown in the Clinic planner's device table: label, hover help, step, number format,
bounds."""

from dataclasses import dataclass

from ui.clinic_edits import EDITED_FIELDS
from views.clinic_planner.texts import FIELD_HELP


@dataclass(frozen=True)
class Field:
    """How one DeviceInputs or LoadedCosts field is shown in the editor; `{c}` stands for the device currency."""

    label: str
    help: str
    step: float
    format: str
    max_value: float | None = None
    min_value: float = 0


# Field -> (label, step, number format, highest value or None, lowest value).
_SHOWN: dict[str, tuple[str, float, str, float | None, float]] = {
    "device_price": ("Device price ({c})", 500, "localized", None, 0),
    "down_payment": ("Down payment ({c})", 500, "localized", None, 0),
    "residual_value": ("Resale value ({c})", 500, "localized", None, 0),
    "life_years": ("Life (years)", 0.5, "%.1f", None, 0),
    "maintenance_per_year": ("Maintenance per year ({c})", 500, "localized", None, 0),
    "apr_pct": ("APR (%)", 0.5, "%.2f", 100, 0),
    "term_months": ("Loan term (months)", 1, "%d", 360, 0),
    "consumables_per_session": ("Consumables per session ({c})", 5, "localized", None, 0),
    "other_per_session": ("Other per session ({c})", 5, "localized", None, 0),
    "minutes_per_session": ("Minutes per session", 5, "%.0f", None, 0),
    "hourly_rate": ("Operator pay ({c}/hour)", 1, "localized", None, 0),
    "price_per_session": ("Price charged ({c})", 10, "localized", None, 0),
    "sessions_per_month": ("Sessions per month", 1, "%.1f", None, 0),
    "discount_rate_pct": ("Discount rate (%)", 0.5, "%.2f", 100, 0),
    "hours_per_month": ("Hours available per month", 1, "%.0f", 744, 0),
    "wage_loading": ("Wage loading (x pay)", 0.05, "%.2f", 3, 1),
    "physician_minutes_per_session": ("Physician minutes per session", 5, "%.0f", 1440, 0),
    "physician_hourly_rate": ("Physician pay ({c}/hour)", 10, "localized", None, 0),
    "room_minutes_per_session": ("Room minutes per session", 5, "%.0f", 1440, 0),
    "room_cost_per_hour": ("Room cost ({c}/hour)", 1, "%.2f", None, 0),
    "marketing_per_new_patient": ("Marketing per new patient ({c})", 10, "localized", None, 0),
    "sessions_per_patient": ("Sessions per patient", 1, "%.1f", 100, 1),
    "commission_pct": ("Commission (%)", 0.5, "%.2f", 100, 0),
    "card_fee_pct": ("Card fee (%)", 0.1, "%.2f", 100, 0),
    "financing_fee_pct": ("Patient financing fee (%)", 0.1, "%.2f", 100, 0),
    "overhead_per_month": ("Overhead per month ({c})", 50, "localized", None, 0),
}
# In the editor's order; a column of EDITED_FIELDS without a label fails here, at import.
FIELDS: dict[str, Field] = {
    field: Field(_SHOWN[field][0], FIELD_HELP[field], *_SHOWN[field][1:]) for field in EDITED_FIELDS
}
