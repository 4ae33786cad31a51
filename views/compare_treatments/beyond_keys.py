"""The URL keys of the "Beyond the course" section's switches and inputs, their defaults, and the parts' labels.

Each key is the query parameter that mirrors its widget, so a copied link opens the section as it was.
"""

# One switch per part (all off), then each part's inputs; a key is the query parameter in the URL.
EXPIRY_KEY, MAINTENANCE_KEY, MEMBERSHIP_KEY, FINANCE_KEY = "b_exp", "b_mnt", "b_mem", "b_pay"
PART_KEYS: tuple[str, ...] = (EXPIRY_KEY, MAINTENANCE_KEY, MEMBERSHIP_KEY, FINANCE_KEY)
EXPIRY_MONTHS_KEY = "b_exp_m"
YEARS_KEY = "b_mnt_y"
FEE_KEY, INCLUDED_KEY, MEMBER_PRICE_KEY, DISCOUNT_KEY, TERM_KEY, CREDIT_KEY = (
    "b_fee",
    "b_incl",
    "b_mprice",
    "b_mdisc",
    "b_mterm",
    "b_credit",
)
MONTHS_KEY, APR_KEY, PROMO_KEY, MIN_PAYMENT_KEY, PAYMENT_KEY = "b_n", "b_apr", "b_promo", "b_minpay", "b_pay_amt"
OPENED_KEY = "_beyond_opened"  # once a part was on in this session, the expander starts open

DEFAULT_FINANCE_MONTHS = 12
DEFAULT_PROMO_MONTHS = 12

PARTS: tuple[tuple[str, str, str], ...] = (
    (EXPIRY_KEY, "Package expiry", "Sessions a package's expiry puts at risk, and sessions bought but not needed."),
    (MAINTENANCE_KEY, "Maintenance", "The course plus maintenance sessions over 1, 3 and 5 years."),
    (
        MEMBERSHIP_KEY,
        "Membership",
        "A clinic membership (monthly fee, included sessions, member price) against paying per course.",
    ),
    (FINANCE_KEY, "Paying over time", "An instalment plan at an APR, and a 0 % promotion with deferred interest."),
)
