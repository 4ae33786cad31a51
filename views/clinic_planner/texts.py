"""Hover help of the Clinic planner: the device table's columns and the key figures."""

# DeviceInputs field -> hover help of its column in the device table; `{c}` stands for the device currency.
FIELD_HELP = {
    "device_price": "Purchase price of the device, new, in {c}.",
    "down_payment": "Paid at purchase, in {c}; the rest is financed over the loan term. At most the device price.",
    "residual_value": "What the device sells for at the end of its life, in {c}. At most the device price.",
    "life_years": "Useful life in years (more than 0, at most 30); depreciation and the cash-flow months run over it.",
    "maintenance_per_year": "Service contract and repairs, in {c} per year.",
    "apr_pct": "Financing annual percentage rate, in percent (0-100).",
    "term_months": "Loan term in whole months (0-360); 0 = paid in full at purchase.",
    "consumables_per_session": "Tips, cartridges, numbing and dressings, in {c} per session.",
    "other_per_session": "Any other cost of one session, in {c} per session.",
    "minutes_per_session": "Provider hands-on minutes per session (more than 0); also the device time counted for "
    "utilisation.",
    "hourly_rate": "What the operator costs, in {c} per hour.",
    "price_per_session": "What you charge the patient for one session, in {c}.",
    "sessions_per_month": "Sessions you sell per month with this device (number).",
    "discount_rate_pct": "Annual discount rate for NPV, in percent (0-100): what your money earns elsewhere.",
    "hours_per_month": "Hours a month the device and an operator are available (more than 0, at most 744).",
}
# Key figure -> hover help of its metric card and table column.
HELP = {
    "full_cost": "Variable cost per session (consumables + other + minutes / 60 x operator pay) + fixed cost "
    "per month / sessions per month; fixed cost = depreciation + interest + maintenance per month.",
    "break_even": "Sessions a month that cover the fixed cost: ceil(fixed cost per month / contribution margin), "
    "where contribution margin = price charged - variable cost per session.",
    "payback": "First month whose cumulative cash is at least 0. Month 0 = down payment (or the whole price if "
    "not financed); each month adds sessions x margin - maintenance - loan payment; resale value in "
    "the last month of the life.",
    "npv": "Net present value: the monthly cash flows over the life discounted at (1 + discount rate)^(1/12) - 1 "
    "per month, month 0 undiscounted.",
    "roi": "Return on investment: the sum of all cash flows over the life / device price.",
    "utilisation": "Sessions per month x minutes per session / 60 / hours available per month.",
}
