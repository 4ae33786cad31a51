"""Hover help and fixed wording of the Clinic planner: the device table's columns, the key figures, the P&L."""

# DeviceInputs field or LoadedCosts field -> hover help of its column in the device table; `{c}` stands for the
# device currency.
FIELD_HELP = {
    "device_price": "Purchase price of the device, new, in {c}.",
    "down_payment": "Paid at purchase, in {c}; the rest is financed over the loan term. At most the device price.",
    "residual_value": "What the device sells for at the end of its life, in {c}. At most the device price.",
    "life_years": "Useful life in years (more than 0, at most 30); depreciation and the cash-flow months run over it.",
    "maintenance_per_year": "Service contract and repairs, in {c} per year.",
    "apr_pct": "Financing annual percentage rate, in percent (0-100).",
    "term_months": "Loan term in whole months (0-360); 0 = paid in full at purchase. A term longer than the life "
    "is repaid in the life's last month.",
    "consumables_per_session": "Tips, cartridges, numbing and dressings, in {c} per session.",
    "other_per_session": "Any other cost of one session, in {c} per session.",
    "minutes_per_session": "Provider hands-on minutes per session (more than 0); also the device time counted for "
    "utilisation.",
    "hourly_rate": "What the operator costs, in {c} per hour, before benefits (see Wage loading).",
    "price_per_session": "What you charge the patient for one session, in {c}.",
    "sessions_per_month": "Sessions you sell per month with this device (number).",
    "discount_rate_pct": "Annual discount rate for NPV, in percent (0-100): what your money earns elsewhere.",
    "hours_per_month": "Hours a month the device and an operator are available (more than 0, at most 744).",
    # Overheads (optional: an empty cell adds nothing).
    "wage_loading": "Multiplier on the operator's pay for benefits and payroll tax (1-3): 1.3 adds 30 %. Empty = 1.",
    "physician_minutes_per_session": "Minutes of a supervising physician per session, where the device needs one "
    "(0-1,440). Empty = 0.",
    "physician_hourly_rate": "What one physician hour costs, in {c} (no wage loading applied). Empty = 0.",
    "room_minutes_per_session": "Minutes the patient holds the treatment room, numbing included (more than 0). "
    "Empty = the session's minutes.",
    "room_cost_per_hour": "Rent, utilities and upkeep of the treatment room, in {c} per hour it is taken. Empty = 0.",
    "marketing_per_new_patient": "What it costs to win one new patient (advertising, referral fees), in {c}. "
    "Empty = 0.",
    "sessions_per_patient": "Sessions one new patient buys (1-100); the marketing cost is spread over them. Empty = 1.",
    "commission_pct": "Provider commission, in percent of the price charged (0-100). Empty = 0.",
    "card_fee_pct": "Card-processing fee, in percent of the price charged (0-100). Empty = 0.",
    "financing_fee_pct": "Patient-financing merchant fee, in percent of the price, blended over all patients "
    "(a 10 % fee paid by 1 patient in 5 -> 2). Empty = 0.",
    "overhead_per_month": "The practice's fixed overhead allocated to this device (reception, software, "
    "insurance, one-off costs spread over the life), in {c} per month. Empty = 0.",
}
# Key figure -> hover help of its metric card and table column.
HELP = {
    "full_cost": "Variable cost per session (consumables + other + minutes / 60 x operator pay) + loaded cost per "
    "session (commission, card and financing fees, room, marketing, physician, wage loading) + fixed cost per "
    "month / sessions per month; fixed cost = depreciation + interest + maintenance + overhead per month.",
    "monthly_payment": "The loan's monthly payment: the annuity on device price - down payment at the APR over the "
    "term; 0 when paid in full.",
    "break_even": "Sessions a month that cover the fixed cost: ceil(fixed cost per month / contribution margin), "
    "where contribution margin = price charged - variable cost - loaded cost per session.",
    "break_even_day": "Break-even sessions a month / the open days a month (sidebar).",
    "payback": "Full-cost payback: the first month in which the operating cash (sessions x margin - maintenance - "
    "overhead, before loan payments) adds up to the device's full cost: its price plus the interest paid within "
    "its life. Resale value is not counted. A loan longer than the life is repaid in the life's last month.",
    "cash_payback": "Cash out of pocket recovered: the month from which your cumulative cash (down payment and "
    "loan payments included) stays at or above 0 to the end of the life. With a loan this comes long before the "
    "device has paid for itself: the lender still carries most of its cost.",
    "irr": "Internal rate of return of your monthly cash flows over the life (down payment, operating cash less "
    "loan payments, resale value), as an annual rate. A small down payment against a large monthly cash flow "
    "gives a very high rate.",
    "dscr": "Debt service coverage ratio: a month's operating cash / that month's loan payments (the repayment at "
    "the end of the life included); the lowest month is shown. Lenders usually ask for at least 1.25.",
    "npv": "Net present value: the monthly cash flows over the life discounted at (1 + discount rate)^(1/12) - 1 "
    "per month, month 0 undiscounted.",
    "roi": "Return on investment: the sum of all cash flows over the life / device price.",
    "utilisation": "Sessions per month x minutes per session / 60 / hours available per month.",
    "open_days": "Days a month the clinic is open; break-even per open day = break-even sessions a month / these days.",
}
# How the default volume of each device was chosen (shown under the device table).
VOLUME_NOTE = (
    "The default sessions a month differ per device: microneedling about 10 a week (8 with PRP); RF "
    "microneedling and the non-ablative lasers set from the dealer's 20,000-a-month revenue floor for such "
    "devices; the ablative CO2 and Er:YAG lasers about 3 a week. Each row's note in the devices table (Price "
    "tables) gives the source."
)
# The columns of the monthly P&L (pricing.clinic.pnl.PNL_COLUMNS) as shown; `{c}` stands for the device currency.
PNL_LABELS = {
    "year": "Year",
    "month": "Month",
    "sessions": "Sessions",
    "revenue": "Revenue ({c})",
    "variable_costs": "Variable costs ({c})",
    "overheads": "Overheads ({c})",
    "maintenance": "Maintenance ({c})",
    "ebitda": "EBITDA ({c})",
    "debt_service": "Debt service ({c})",
    "cash_flow": "Cash flow ({c})",
    "cumulative_cash": "Cumulative cash ({c})",
}
PNL_NOTE = (
    "Month 0 is the down payment (or the whole price if not financed). Variable costs: consumables, other and the "
    "operator's pay; overheads: commission, card and financing fees, room, marketing, physician, wage loading and "
    "the overhead per month; EBITDA = revenue - variable costs - overheads - maintenance; debt service: the loan "
    "payments (a balance still owed at the end of the life repaid in its last month); the resale value comes in "
    "the last month's cash flow. Year 1 is months 0-12."
)
