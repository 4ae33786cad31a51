"""Hover help of the Real-world payback page's figures (the side-by-side table's columns and the other tabs')."""

# A figure of `pricing.clinic.scenarios.compare_scenarios` -> what it is and how it is computed, in words.
FIGURE_HELP = {
    "payback_months": "Full-cost payback: the first month in which the operating cash (before loan or lease "
    "payments) adds up to the cost of the device plus the interest or lease charges paid within the months in use. "
    "The same rule for every way to pay; resale value is not counted.",
    "discounted_payback_months": "The same on the operating cash discounted at the device's annual discount rate "
    "((1 + r)^(1/12) - 1 a month).",
    "npv": "Net present value: the monthly cash flows over the months in use discounted at the "
    "device's annual discount rate, month 0 undiscounted.",
    "roi": "Return on investment: the sum of all cash flows over the months in use / the cost of the device.",
    "after_tax_npv": "NPV of the cash flows after income tax (Tax tab; equal to the NPV at a 0 % rate).",
    "after_tax_payback_months": "Full-cost payback on the operating cash after income tax.",
    "monthly_profit": "Average sessions delivered a month x margin - fixed cost per month.",
    "average_sessions_per_month": "Average sessions delivered a month over the months in use: ramp-up, seasonality "
    "and no-shows included.",
    "break_even_sessions_per_month": "Sessions delivered a month that cover the fixed cost: ceil(fixed cost per "
    "month / margin).",
    "utilisation": "Average sessions delivered a month x minutes per session / 60 / hours the device is available a "
    "month.",
    "financing": "How the device is paid for (cash when nothing is financed).",
    "cost_of_device": "Price (a refurbished unit's) + sales tax + recertification fee.",
    "monthly_payment": "The regular loan or lease payment.",
    "first_year_sessions": "Sessions delivered in months 1-12.",
    "contribution_margin": "Price - variable cost (consumables, other, operator "
    "pay) - loaded cost (commission, card fee, room, marketing).",
    "loaded_cost_per_session": "Commission + card fee + room + marketing, per session.",
    "fixed_cost_per_month": "Depreciation + finance cost spread over the months in use + maintenance, per month.",
    "months_in_use": "The device's life (a refurbished unit's own), or a returned lease's deferral + term.",
}
