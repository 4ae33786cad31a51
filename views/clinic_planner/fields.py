"""How each device input is shown in the Clinic planner's device table: label, hover help, step, number format."""

from dataclasses import dataclass

from views.clinic_planner.texts import FIELD_HELP


@dataclass(frozen=True)
class Field:
    """How one DeviceInputs field is shown in the editor; `{c}` stands for the device currency."""

    label: str
    help: str
    step: float
    format: str
    max_value: float | None = None


# DeviceInputs field -> (label, step, number format, highest value or None), in the device table's order.
_SHOWN: dict[str, tuple[str, float, str, float | None]] = {
    "device_price": ("Device price ({c})", 500, "localized", None),
    "down_payment": ("Down payment ({c})", 500, "localized", None),
    "residual_value": ("Resale value ({c})", 500, "localized", None),
    "life_years": ("Life (years)", 0.5, "%.1f", None),
    "maintenance_per_year": ("Maintenance per year ({c})", 500, "localized", None),
    "apr_pct": ("APR (%)", 0.5, "%.2f", 100),
    "term_months": ("Loan term (months)", 1, "%d", 360),
    "consumables_per_session": ("Consumables per session ({c})", 5, "localized", None),
    "other_per_session": ("Other per session ({c})", 5, "localized", None),
    "minutes_per_session": ("Minutes per session", 5, "%.0f", None),
    "hourly_rate": ("Operator pay ({c}/hour)", 1, "localized", None),
    "price_per_session": ("Price charged ({c})", 10, "localized", None),
    "sessions_per_month": ("Sessions per month", 1, "%.1f", None),
    "discount_rate_pct": ("Discount rate (%)", 0.5, "%.2f", 100),
    "hours_per_month": ("Hours available per month", 1, "%.0f", 744),
}
FIELDS: dict[str, Field] = {
    field: Field(label, FIELD_HELP[field], step, fmt, max_value)
    for field, (label, step, fmt, max_value) in _SHOWN.items()
}
